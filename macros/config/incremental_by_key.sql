{#- Models that compute over all the input rows of a key together (an item's transitions, in
    order) are incremental by key. Each row carries `incremental_key` (a hash of the key
    columns) and `input_hash` (a hash of every input row of its key - every column, or the
    row's own input_hash where the input is incremental by key too - and of the settings the
    model computes with: pii_mode and its key, the seeds it reads), both
    64-bit integers (hash64: two keys sharing a hash are simply computed together).
    A run's pre-hook hashes the input per key - reading is cheap - and notes in
    `<raw_schema>._changed_keys` the keys whose hash differs from the stored one, is new, or
    is gone from the input; it deletes their stored rows, and the model computes and appends
    the rows of those keys only. No reasoning about which upstream change touches which key:
    whatever changed in a key's input rows changes its hash.
    A mart's columns are its contract: a mart incremental by key stores neither column; its
    rows' key is the hash of its own key columns, and the stored hashes are kept beside it, in
    `<raw_schema>._key_hashes`, written in the same transaction as its rows.
    Spark, which cannot delete from plain parquet tables, builds these models as tables. -#}

{% macro incremental_by_key(input_models, key_columns=none, row_key_columns=none, input_key_columns={}) -%}
    {#- input_models: the models whose rows the model computes from, each holding the key
        columns (or, per input_key_columns, its own names for them: {model: [columns]});
        key_columns none when they are incremental by the same key themselves (their
        incremental_key and input_hash stand for their rows). row_key_columns: a mart's
        columns whose hash is its rows' incremental_key (the hashes then kept in
        `_key_hashes`, not in the mart). -#}
    {%- set config = incremental_append_config(
        "{{ note_changed_keys(" ~ input_models ~ ", " ~ key_columns ~ ", " ~ row_key_columns
        ~ ", " ~ input_key_columns ~ ") }}"
    ) -%}
    {%- if row_key_columns is not none and target.type != 'spark' -%}
        {#- PostgreSQL reports a contracted column's declared type (character varying) as
            changed from the query's (text), which `fail` would stop on every run: the
            pre-hook checks the stored columns against the contract instead. -#}
        {%- do config.update({'on_schema_change': 'append_new_columns'}) -%}
    {%- endif -%}
    {{- return(config) -}}
{%- endmacro %}

{% macro input_key_hashes(input_models, key_columns, input_key_columns={}) -%}
    {#- A query: one row per key of the input, with incremental_key and input_hash. -#}
    {%- set settings = vocabulary_checksum() if execute else '' %}
    select
        incremental_key,
        {{ hash64([
            'cast(sum(rows_hash) as ' ~ dbt.type_string() ~ ')',
            'sum(row_count)',
            pii(sql_string(settings)),
        ]) }} as input_hash
    from (
        {%- for input_model in input_models %}
        select
            {%- if key_columns is none %}
            incremental_key,
            {{ sum_of_hash64(['input_hash']) }} as rows_hash,
            {%- else %}
            {%- set columns = vendor_model_columns(input_model) | map(attribute='name') | list %}
            {{ key_hash(input_key_columns.get(input_model, key_columns)) }} as incremental_key,
            {%- if 'input_hash' in columns %}
            {#- An input incremental by another key: a row's input_hash changes whenever the row
                can (it digests the input and settings the row is computed from). #}
            {{ sum_of_hash64(['input_hash']) }} as rows_hash,
            {%- else %}
            {{ sum_of_hash64(columns | reject('in', ['incremental_key', 'input_hash']) | list) }} as rows_hash,
            {%- endif %}
            {%- endif %}
            count(*) as row_count
        from {{ ref(input_model) }}
        group by 1
        {{ 'union all' if not loop.last }}
        {%- endfor %}
    ) as per_model
    group by incremental_key
{%- endmacro %}

{% macro changed_key_rows(relation, input_models, key_columns=none, input_key_columns={}) -%}
    {#- A CTE `changed_key_rows`: the rows of `relation` (the input, as a CTE of the model)
        whose key the pre-hook noted - every row in a full build - with incremental_key and
        key_input_hash (what the model stores as input_hash). A unit test's rows all pass,
        with hashes 0. -#}
changed_key_rows as (
    select
        input_rows.*,
        {%- if key_columns is not none %}
        keys.incremental_key,
        {%- endif %}
        keys.input_hash as key_input_hash
    from {{ relation }} as input_rows
    {%- if model.resource_type == 'unit_test' or not execute %}
    cross join (
        select
            {%- if key_columns is not none %}
            cast(0 as {{ hash64_type() }}) as incremental_key,
            {%- endif %}
            cast(0 as {{ hash64_type() }}) as input_hash
    ) as keys
    {%- else %}
    inner join (
        {%- if is_incremental() %}
        select incremental_key, input_hash
        from {{ changed_keys_table() }}
        where model_name = {{ sql_string(model.name) }} and input_hash is not null
        {%- else %}
        {{ input_key_hashes(input_models, key_columns, input_key_columns) }}
        {%- endif %}
    ) as keys
        on {{ key_hash(key_columns, 'input_rows.') if key_columns is not none
            else 'input_rows.incremental_key' }} = keys.incremental_key
    {%- endif %}
)
{%- endmacro %}

{% macro note_changed_keys(input_models, key_columns, row_key_columns=none, input_key_columns={}) -%}
    {#- Pre-hook: note the keys whose input changed or is new (with the new input_hash) or
        is gone (input_hash NULL), and delete their stored rows. A mart (row_key_columns)
        also replaces its keys' hashes in `_key_hashes` - all of them in a full build. -#}
    {%- set this_model = sql_string(model.name) -%}
    {%- set stored_key = 'incremental_key' if row_key_columns is none else key_hash(row_key_columns) -%}
    {%- if execute and is_incremental() -%}
    {%- do require_stored_columns(
        ['incremental_key', 'input_hash'] if row_key_columns is none
        else model.columns.keys() | map('lower') | list
    ) -%}
    delete from {{ changed_keys_table() }} where model_name = {{ this_model }};
    insert into {{ changed_keys_table() }} (model_name, incremental_key, input_hash)
    select {{ this_model }}, changed.incremental_key, changed.input_hash
    from (
        with

        input_hashes as (
            {{ input_key_hashes(input_models, key_columns, input_key_columns) }}
        ),

        stored as (
            {%- if row_key_columns is none %}
            select distinct incremental_key, input_hash from {{ this }}
            {%- else %}
            select incremental_key, input_hash from {{ key_hashes_table() }}
            where model_name = {{ this_model }}
            {%- endif %}
        )

        select input_hashes.incremental_key, input_hashes.input_hash
        from input_hashes
        left join stored
            on input_hashes.incremental_key = stored.incremental_key
                and input_hashes.input_hash = stored.input_hash
        where stored.incremental_key is null
        union all
        select stored.incremental_key, cast(null as {{ hash64_type() }})
        from stored
        where not exists (
            select 1 from input_hashes where input_hashes.incremental_key = stored.incremental_key
        )
    ) as changed;
    delete from {{ this }}
    where {{ stored_key }} in (
        select incremental_key from {{ changed_keys_table() }}
        where model_name = {{ this_model }}
    )
    {%- if row_key_columns is not none -%};
    delete from {{ key_hashes_table() }}
    where model_name = {{ this_model }} and incremental_key in (
        select incremental_key from {{ changed_keys_table() }}
        where model_name = {{ this_model }}
    );
    insert into {{ key_hashes_table() }} (model_name, incremental_key, input_hash)
    select model_name, incremental_key, input_hash from {{ changed_keys_table() }}
    where model_name = {{ this_model }} and input_hash is not null
    {%- endif -%}
    {%- elif execute and row_key_columns is not none and model.resource_type != 'unit_test' -%}
    delete from {{ key_hashes_table() }} where model_name = {{ this_model }};
    insert into {{ key_hashes_table() }} (model_name, incremental_key, input_hash)
    select {{ this_model }}, incremental_key, input_hash
    from ({{ input_key_hashes(input_models, key_columns, input_key_columns) }}) as input_hashes
    {%- endif -%}
{%- endmacro %}

{% macro changed_keys_table() -%}
    {{- return(raw_schema() ~ '._changed_keys') -}}
{%- endmacro %}

{% macro key_hashes_table() -%}
    {{- return(raw_schema() ~ '._key_hashes') -}}
{%- endmacro %}

{% macro key_hash(key_columns, prefix='') -%}
    {#- incremental_key: the key columns as text (a union may widen a vendor model's type),
        hashed. -#}
    {%- set texts = [] -%}
    {%- for column in key_columns -%}
        {%- do texts.append('cast(' ~ prefix ~ column ~ ' as ' ~ dbt.type_string() ~ ')') -%}
    {%- endfor -%}
    {{ hash64(texts) }}
{%- endmacro %}

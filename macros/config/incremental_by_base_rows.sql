{#- Staging models that unnest the records of a base model incremental by file (one record ->
    any number of rows: a Labelbox export line -> its labels, reviews, answers...) are
    incremental by base record: a run reads only the base records written since the model's
    last run (base `written_at`), after deleting the rows of those records and of file
    versions the ledger no longer holds. A record that became a duplicate, or was rejected,
    simply yields no rows any more. Each row keeps the base record's source_file, source_row,
    source_loaded_at and written_at (as base_written_at).
    What a model has read is recorded after each run in `<raw_schema>._incremental_state`:
    the newest base written_at, and a hash of the vocabulary seeds (status_map, phase_map...)
    it maps values through - rows written before a seed's content changed would keep the old
    mapping, so a model whose seeds changed reads every record again.
    Spark, which cannot delete from plain parquet tables, rebuilds these models as tables. -#}

{% macro incremental_by_base_rows(base_model, source_name, table_name) -%}
    {{- return(incremental_append_config(
        "{{ delete_rewritten_base_rows('" ~ base_model ~ "', '" ~ source_name ~ "', '"
            ~ table_name ~ "') }}",
        post_hook="{{ record_incremental_state('" ~ base_model ~ "') }}",
    )) -}}
{%- endmacro %}

{% macro base_rows_since(stored_columns=['source_loaded_at', 'base_written_at']) -%}
    {#- How this run reads the base records: 'all' (a full build: first run, --full-refresh,
        unit test, Spark), 'rebuild' (every record again into the existing table: its seeds
        changed, or no state is recorded), or the SQL of the newest base written_at the model
        has read. Read when the model compiles, before its pre-hook deletes anything, as the
        hook reads it too. -#}
    {%- if not (execute and model.resource_type != 'unit_test' and target.type != 'spark' and is_incremental()) -%}
        {{- return('all') -}}
    {%- endif -%}
    {%- do require_stored_columns(stored_columns) -%}
    {%- set recorded = run_query(
        'select vocabulary_checksum, cast(base_written_at as varchar) from ' ~ incremental_state_table()
        ~ ' where model_name = ' ~ sql_string(model.name)
    ) -%}
    {%- if recorded.rows | length == 0 or recorded.rows[0][0] != vocabulary_checksum() -%}
        {{- return('rebuild') -}}
    {%- endif -%}
    {%- set newest = recorded.rows[0][1] -%}
    {{- return('all' if newest is none else 'cast(' ~ sql_string(newest) ~ ' as ' ~ dbt.type_timestamp() ~ ')') -}}
{%- endmacro %}

{% macro base_rows(relation) -%}
    {#- The base records a run reads: all, or those written since the model's last run. -#}
    {%- set since = base_rows_since() -%}
    (
        select
            *,
            written_at as base_written_at
        from {{ relation }}
        {%- if since not in ('all', 'rebuild') %}
        where written_at > {{ since }}
        {%- endif %}
    )
{%- endmacro %}

{% macro delete_rewritten_base_rows(base_model, source_name, table_name) -%}
    {#- Pre-hook: the rows of base records written since the model's last run (read again
        below) and of file versions the ledger no longer holds (a changed file's old rows);
        every row when the model reads every record again. -#}
    {%- set since = base_rows_since() -%}
    {%- if since == 'rebuild' -%}
    delete from {{ this }}
    {%- elif since != 'all' -%}
    delete from {{ this }} as stored
    where
        exists (
            select 1
            from {{ ref(base_model) }} as base_records
            where
                base_records.written_at > {{ since }}
                and base_records.source_file = stored.source_file
                and base_records.source_row = stored.source_row
        )
        or not {{ stored_file_version_is_current(source_name, table_name) }}
    {%- endif -%}
{%- endmacro %}

{% macro vocabulary_checksum() -%}
    {#- A hash of the content of the seed tables the model reads. -#}
    {%- set parts = [] -%}
    {%- for node_id in model.depends_on.nodes if node_id.startswith('seed.') -%}
        {%- set seed = graph.nodes[node_id] -%}
        {%- set relation = api.Relation.create(database=seed.database, schema=seed.schema, identifier=seed.alias) -%}
        {%- set content = run_query(
            'select md5(coalesce(string_agg(cast(seed_rows as ' ~ dbt.type_string() ~ '), chr(10)'
            ~ ' order by cast(seed_rows as ' ~ dbt.type_string() ~ ')), \'\')) from ' ~ relation ~ ' as seed_rows'
        ).rows[0][0] -%}
        {%- do parts.append(node_id ~ '=' ~ content) -%}
    {%- endfor -%}
    {{- return(local_md5(parts | sort | join(';'))) -}}
{%- endmacro %}

{% macro incremental_state_table() -%}
    {{- return(raw_schema() ~ '._incremental_state') -}}
{%- endmacro %}

{% macro create_incremental_state_table() -%}
    {#- on-run-start: the state tables of the incremental models (this file's and
        incremental_by_key.sql's), created once before the models run (they write them
        concurrently, one model's rows each). -#}
    {%- if execute and target.type != 'spark' -%}
        {%- do run_query('create schema if not exists ' ~ raw_schema()) -%}
        {%- do run_query(
            'create table if not exists ' ~ incremental_state_table() ~ ' (model_name varchar(200) not null,'
            ~ ' vocabulary_checksum varchar(64) not null, base_written_at ' ~ dbt.type_timestamp() ~ ')'
        ) -%}
        {%- do run_query(
            'create table if not exists ' ~ changed_keys_table() ~ ' (model_name varchar(200) not null,'
            ~ ' incremental_key ' ~ hash64_type() ~ ' not null, input_hash ' ~ hash64_type() ~ ')'
        ) -%}
        {%- do run_query(
            'create table if not exists ' ~ key_hashes_table() ~ ' (model_name varchar(200) not null,'
            ~ ' incremental_key ' ~ hash64_type() ~ ' not null, input_hash ' ~ hash64_type() ~ ' not null)'
        ) -%}
    {%- endif -%}
{%- endmacro %}

{% macro record_incremental_state(base_model=none) -%}
    {#- Post-hook: the newest base record this model has read (of base_model; of every base
        model when none: this run's, the time every base record it wrote is stamped with), and
        its seeds' hash. -#}
    delete from {{ incremental_state_table() }} where model_name = {{ sql_string(model.name) }};
    insert into {{ incremental_state_table() }}
    select
        {{ sql_string(model.name) }},
        {{ sql_string(vocabulary_checksum()) }},
        {{ 'max(written_at)' if base_model else run_timestamp() }}
    {%- if base_model %}
    from {{ ref(base_model) }}
    {%- endif %}
{%- endmacro %}

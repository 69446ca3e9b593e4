{#- Base models of the event streams are incremental by file: a run reads from the archive
    only the files the ledger (`<raw_schema>._loaded_files`) holds in another version than the
    model - new files, and files read again because they changed - and "the newest file wins"
    is decided again only for the natural keys those files bring or take away. Each row keeps
    the version of its file (`source_loaded_at`, the ledger's loaded_at when it was read) and a
    hash of its natural key (`natural_key_hash`) to find the rows a new file competes with.
    `dbt build --full-refresh` rebuilds the models from the archive (which it never touches).

    DuckDB and PostgreSQL write only the rows that change (delete+insert on source_file and
    source_row) and then delete the rows of file versions the ledger no longer holds (a
    changed file's old rows, a file dropped by rebuild_archive). Spark, which cannot delete
    from plain parquet tables, overwrites whole files (partitions by source_file): a run also
    rewrites every stored file holding one of the touched keys. -#}

{% macro incremental_by_file(source_name, table_name) -%}
    {{- return(incremental_config(
        ['source_file'],
        ['source_file', 'source_row'],
        post_hook="{{ delete_superseded_file_versions('" ~ source_name ~ "', '" ~ table_name ~ "') }}",
    )) -}}
{%- endmacro %}

{% macro file_ledger(source_name, table_name) -%}
    {#- The ledger's rows of one file kind. Resolved only when the model runs for real (a unit
        test gives no ledger), so it is not a parse-time dependency of the base models. -#}
    (
        select source_file, loaded_at
        from {{ source('landing_zone', 'loaded_files') }}
        where source = '{{ source_name }}.{{ table_name }}'
    )
{%- endmacro %}

{% macro archived_rows(source_name, table_name) -%}
    {#- The source CTE of a base model: the kind's archived rows with their file's version;
        in an incremental run only the files whose version the model does not hold yet. -#}
    {%- if not execute or model.resource_type == 'unit_test' %}
    select
        archived.*,
        cast(null as {{ dbt.type_timestamp() }}) as source_loaded_at
    from {{ source(source_name, table_name) }} as archived
    {%- else %}
    select
        archived.*,
        ledger.loaded_at as source_loaded_at
    from {{ source(source_name, table_name) }} as archived
    inner join {{ file_ledger(source_name, table_name) }} as ledger
        on archived.source_file = ledger.source_file
    {%- if reads_new_files_only() %}
    left join (
        select distinct source_file, source_loaded_at from {{ this }}
    ) as stored
        on ledger.source_file = stored.source_file
            and ledger.loaded_at = stored.source_loaded_at
    where stored.source_file is null
    {%- endif %}
    {%- endif %}
{%- endmacro %}

{% macro reads_new_files_only() -%}
    {#- An incremental run of a model built incremental by file; a unit test always builds in
        full. A table left by an older version of the project (no source_loaded_at) is read
        in full, and dbt's on_schema_change check then asks for --full-refresh. -#}
    {%- if not (execute and model.resource_type != 'unit_test' and is_incremental()) -%}
        {{- return(false) -}}
    {%- endif -%}
    {%- set stored = adapter.get_columns_in_relation(this) | map(attribute='name') | map('lower') | list -%}
    {{- return('source_loaded_at' in stored) -}}
{%- endmacro %}

{% macro newest_file_wins(relation, source_name, table_name, key_columns, within_file=true) -%}
    {#- CTEs ending in `final`: the rows of `relation` with natural_key_hash, is_duplicate
        (is_superseded) and written_at (this run's time: models reading the base model find
        the rows a run wrote by it). A full build decides every key; an incremental run decides again only
        the keys of the files it read and of the stored rows those files replace, among every
        current row holding them, and writes the rows whose decision may have changed. The key
        hash only narrows the search: collisions add rows, the decision uses the columns. -#}
    {%- if not reads_new_files_only() %}
final as (
    select
        *,
        {{ surrogate_key(key_columns) }} as natural_key_hash,
        {{ is_superseded(key_columns, within_file) }} as is_duplicate,
        {{ run_timestamp() }} as written_at
    from {{ relation }}
)
    {%- else %}
    {%- set columns = [] -%}
    {%- for column in adapter.get_columns_in_relation(this) if column.name | lower not in ('is_duplicate', 'written_at') -%}
        {%- do columns.append(column.name) -%}
    {%- endfor -%}
    {%- set column_list = columns | join(', ') -%}
incoming as (
    select
        *,
        {{ surrogate_key(key_columns) }} as natural_key_hash
    from {{ relation }}
),

{#- The stored rows are read twice, each time for a few columns or a few rows: a CTE over
    all of them would be materialized whole (every column of every row, each run). #}
replaced_keys as (
    select stored.natural_key_hash
    from {{ this }} as stored
    left join {{ file_ledger(source_name, table_name) }} as ledger
        on stored.source_file = ledger.source_file
            and stored.source_loaded_at = ledger.loaded_at
    where ledger.source_file is null and stored.rejection_reason is null
),

{#- Materialized: a few keys, which the planner must see are few. #}
touched_keys as {{ materialized_cte() }} (
    select natural_key_hash from incoming where rejection_reason is null
    union
    select natural_key_hash from replaced_keys
),

kept_competitors as (
    select
        {%- for column in columns %}
        stored.{{ column }}{{ ',' if not loop.last }}
        {%- endfor %}
    from {{ this }} as stored
    inner join {{ file_ledger(source_name, table_name) }} as ledger
        on stored.source_file = ledger.source_file
            and stored.source_loaded_at = ledger.loaded_at
    where
        stored.rejection_reason is null
        and stored.natural_key_hash in (select natural_key_hash from touched_keys)
),

competitors as (
    select {{ column_list }} from incoming where rejection_reason is null
    union all
    select {{ column_list }} from kept_competitors
),

decided as (
    select
        source_file,
        source_row,
        {{ is_superseded(key_columns, within_file) }} as is_duplicate
    from competitors
),

rewritten as (
    select {{ column_list }}, cast(null as boolean) as stored_is_duplicate from incoming
    union all
    {%- if target.type == 'spark' %}
    {#- Whole files: every current row of a file holding a touched key. #}
    select
        {%- for column in columns %}
        stored.{{ column }},
        {%- endfor %}
        stored.is_duplicate
    from {{ this }} as stored
    inner join {{ file_ledger(source_name, table_name) }} as ledger
        on stored.source_file = ledger.source_file
            and stored.source_loaded_at = ledger.loaded_at
    where stored.source_file in (select source_file from kept_competitors)
    {%- else %}
    select {{ column_list }}, cast(null as boolean) from kept_competitors
    {%- endif %}
),

final as (
    select
        {%- for column in columns %}
        rewritten.{{ column }},
        {%- endfor %}
        coalesce(decided.is_duplicate, rewritten.stored_is_duplicate, false) as is_duplicate,
        {{ run_timestamp() }} as written_at
    from rewritten
    left join decided
        on rewritten.source_file = decided.source_file
            and rewritten.source_row = decided.source_row
)
    {%- endif %}
{%- endmacro %}

{% macro delete_superseded_file_versions(source_name, table_name) -%}
    {#- Post-hook: rows whose file version the ledger no longer holds are gone from the
        landing zone's archive (a changed file's old rows, a file dropped by rebuild_archive). -#}
    delete from {{ this }} as stored
    where not {{ stored_file_version_is_current(source_name, table_name) }}
{%- endmacro %}

{% macro stored_file_version_is_current(source_name, table_name) -%}
    {#- Whether the ledger still holds the file version a `stored` row was read from. -#}
    exists (
        select 1
        from {{ file_ledger(source_name, table_name) }} as ledger
        where
            ledger.source_file = stored.source_file
            and ledger.loaded_at = stored.source_loaded_at
    )
{%- endmacro %}

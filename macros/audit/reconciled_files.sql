{#- audit_row_reconciliation counts every record of a file, in its base and staging models: a
    run counts again only the files whose base records were written since its last run (new
    and changed files, and older files whose records a newer export superseded), after deleting
    their stored rows and the rows of files the ledger no longer holds. The small base models
    that are rebuilt whole each run (tables, no written_at) have all their files counted again.
    Spark, which cannot delete from plain parquet tables, rebuilds the mart as a table. -#}

{% macro incremental_by_reconciled_file() -%}
    {%- set config = incremental_append_config(
        "{{ delete_files_to_reconcile() }}", post_hook="{{ record_incremental_state() }}"
    ) -%}
    {%- if target.type != 'spark' -%}
        {#- A contract mart: PostgreSQL reports its varchar columns as changed types, so the
            pre-hook checks the stored columns against the contract instead of `fail`. -#}
        {%- do config.update({'on_schema_change': 'append_new_columns'}) -%}
    {%- endif -%}
    {{- return(config) -}}
{%- endmacro %}

{% macro files_to_reconcile(base_model=none) -%}
    {#- SQL: the source_file of every file (of base_model, when given) a run counts again;
        none when it counts all. -#}
    {%- set since = base_rows_since(stored_columns=model.columns) -%}
    {%- if since in ('all', 'rebuild') -%}
        {{- return(none) -}}
    {%- endif -%}
    {%- set selects = [] -%}
    {%- for entry in landing_zone_models() if base_model in (none, entry.base) -%}
        {%- set base = graph.nodes['model.' ~ project_name ~ '.' ~ entry.base] -%}
        {%- if base.config.materialized == 'incremental' -%}
            {%- do selects.append('select source_file from ' ~ ref(entry.base) ~ ' where written_at > ' ~ since) -%}
        {%- else -%}
            {%- do selects.append('select source_file from ' ~ ref(entry.base)) -%}
        {%- endif -%}
    {%- endfor -%}
    {{- return('(' ~ selects | join(' union ') ~ ')') -}}
{%- endmacro %}

{% macro delete_files_to_reconcile() -%}
    {#- Pre-hook: the stored rows of the files counted again and of files the ledger no longer
        holds (dropped by rebuild_archive); every row when the run counts all again. -#}
    {%- set files = files_to_reconcile() -%}
    {%- if files is not none -%}
    delete from {{ this }}
    where
        source_file in {{ files }}
        or source_file not in (select source_file from {{ source('landing_zone', 'loaded_files') }})
    {%- elif base_rows_since(stored_columns=model.columns) == 'rebuild' -%}
    delete from {{ this }}
    {%- endif -%}
{%- endmacro %}

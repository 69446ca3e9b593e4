{#- Event-heavy models are incremental by date: a run recomputes only the dates from
    `lookback_days` before the newest stored date onwards and replaces those dates whole, so a
    daily run costs the new data, not the history. `dbt build --full-refresh` rebuilds all. -#}

{% macro lookback_days() -%}
    {{- return(number_var('lookback_days', minimum=0, integer=true)) -}}
{%- endmacro %}

{% macro incremental_by_date(date_column) -%}
    {#- The model config: delete+insert keyed by the date on DuckDB and PostgreSQL; on Spark,
        which has no merge or delete on plain parquet tables, insert_overwrite of the date
        partitions a run produces (dynamic partition overwrite). A model whose columns
        changed since the stored table stops the run asking for --full-refresh, rather than
        dropping the new columns silently. -#}
    {%- if target.type == 'spark' -%}
        {{- return({
            'materialized': 'incremental',
            'incremental_strategy': 'insert_overwrite',
            'partition_by': [date_column],
            'file_format': 'parquet',
            'on_schema_change': 'fail',
        }) -}}
    {%- else -%}
        {{- return({
            'materialized': 'incremental',
            'incremental_strategy': 'delete+insert',
            'unique_key': date_column,
            'on_schema_change': 'fail',
        }) -}}
    {%- endif -%}
{%- endmacro %}

{% macro incremental_dates_since(date_column) -%}
    {#- SQL for the first date an incremental run recomputes: lookback_days before the newest
        date already stored (every date when the model is still empty). Use inside
        `{% if is_incremental() %}`. -#}
    coalesce(
        (select {{ date_minus_days('max(' ~ date_column ~ ')', lookback_days()) }} from {{ this }}),
        cast('1900-01-01' as date)
    )
{%- endmacro %}

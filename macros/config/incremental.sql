{#- Event-heavy models are incremental by date: a run recomputes only the dates from
    `lookback_days` before the newest stored date onwards and replaces those dates whole, so a
    daily run costs the new data, not the history. `dbt build --full-refresh` rebuilds all. -#}

{% macro lookback_days() -%}
    {{- return(number_var('lookback_days', minimum=0, integer=true)) -}}
{%- endmacro %}

{% macro incremental_by_date(date_column) -%}
    {#- The config of a model incremental by a date column (incremental_config). -#}
    {{- return(incremental_config([date_column], date_column)) -}}
{%- endmacro %}

{% macro incremental_config(spark_partitions, unique_key, post_hook=none) -%}
    {#- An incremental model's config: delete+insert on unique_key on DuckDB and PostgreSQL
        (then post_hook); on Spark, which has no merge or delete on plain parquet tables,
        insert_overwrite of the spark_partitions a run produces (dynamic partition
        overwrite). A model whose columns changed since the stored table stops the run asking
        for --full-refresh, rather than dropping the new columns silently. -#}
    {%- if target.type == 'spark' -%}
        {{- return({
            'materialized': 'incremental',
            'incremental_strategy': 'insert_overwrite',
            'partition_by': spark_partitions,
            'file_format': 'parquet',
            'on_schema_change': 'fail',
        }) -}}
    {%- endif -%}
    {{- return(incremental_model_config('delete+insert', {'unique_key': unique_key}, post_hook)) -}}
{%- endmacro %}

{% macro incremental_append_config(pre_hook, post_hook=none) -%}
    {#- The config of a model whose pre-hook deletes the rows a run recomputes, which the run
        then appends (incremental by base record, by key); a table on Spark, which cannot
        delete from plain parquet tables. -#}
    {%- if target.type == 'spark' -%}
        {{- return({'materialized': 'table'}) -}}
    {%- endif -%}
    {{- return(incremental_model_config('append', {'pre_hook': pre_hook}, post_hook)) -}}
{%- endmacro %}

{% macro incremental_model_config(strategy, settings, post_hook=none) -%}
    {#- DuckDB and PostgreSQL: an incremental model with its strategy and settings (then
        post_hook). A model whose columns changed since the stored table stops the run. -#}
    {%- set config = {
        'materialized': 'incremental',
        'incremental_strategy': strategy,
        'on_schema_change': 'fail',
    } -%}
    {%- do config.update(settings) -%}
    {%- if post_hook -%}
        {%- do config.update({'post_hook': post_hook}) -%}
    {%- endif -%}
    {{- return(config) -}}
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

{% macro newest_write_partitions(model, newest_write) -%}
    {#- The partitions of a model's rows stamped by its newest write. -#}
    select {{ newest_write.partition }}
    from {{ model }}
    where {{ newest_write.written_at }} = (select max({{ newest_write.written_at }}) from {{ model }})
{%- endmacro %}

{% macro run_timestamp() -%}
    {#- When this dbt run started, as a timestamp (UTC): marks the rows a run wrote, so the
        next model in the chain recomputes the dates its input rewrote. -#}
    cast('{{ run_started_at.strftime("%Y-%m-%d %H:%M:%S.%f") }}' as {{ dbt.type_timestamp() }})
{%- endmacro %}

{% macro require_stored_columns(columns) -%}
    {#- An incremental run that reads columns of the model's own stored table: a table built
        by an older version of the project may lack them, and the database would only say
        that a column or table was not found. Say what to do instead. -#}
    {%- if execute and model.resource_type != 'unit_test' and is_incremental() -%}
        {%- set stored = adapter.get_columns_in_relation(this) | map(attribute='name') | map('lower') | list -%}
        {%- set missing = columns | reject('in', stored) | list -%}
        {%- if missing -%}
            {{ exceptions.raise_compiler_error(
                "The table " ~ this ~ " was built by an older version of this project (it has no "
                ~ missing | join(', ') ~ "). Rebuild it and the models that read it once:"
                ~ " dbt build --full-refresh --select " ~ model.name ~ "+"
            ) }}
        {%- endif -%}
    {%- endif -%}
{%- endmacro %}

{#- Event-heavy models are incremental by date: a run recomputes only the dates from
    `lookback_days` before the newest stored date onwards and replaces those dates whole, so a
    daily run costs the new data, not the history. `dbt build --full-refresh` rebuilds all.
    What a stored date was computed with - the content of the seeds the model reads and the
    settings it names (max_inactivity_seconds) - is recorded after each run in
    `<raw_schema>._incremental_state`; when it differs, the run recomputes every date. -#}

{% macro lookback_days() -%}
    {{- return(number_var('lookback_days', minimum=0, integer=true)) -}}
{%- endmacro %}

{% macro incremental_by_date(date_column, settings=[]) -%}
    {#- The config of a model incremental by a date column (incremental_config); settings: the
        names of the number vars the model computes with (their values are read when the model
        runs, not when the project is parsed). -#}
    {%- set config = incremental_config(
        [date_column], date_column, post_hook="{{ record_date_model_settings() }}"
    ) -%}
    {%- do config.update({'meta': {'incremental_settings': settings | map('string') | list}}) -%}
    {{- return(config) -}}
{%- endmacro %}

{% macro date_model_settings() -%}
    {#- What a model incremental by date computes with: its seeds' content and settings. -#}
    {%- set settings = [] -%}
    {%- for name in (config.get('meta') or {}).get('incremental_settings', []) -%}
        {%- do settings.append(number_var(name) | string) -%}
    {%- endfor -%}
    {{- return(local_md5(vocabulary_checksum() ~ ';' ~ settings | join(';'))) -}}
{%- endmacro %}

{% macro date_model_settings_changed() -%}
    {#- An incremental run of a model whose recorded settings differ from this run's (or were
        never recorded): every date is recomputed. -#}
    {%- if not (execute and model.resource_type != 'unit_test' and target.type != 'spark' and is_incremental()) -%}
        {{- return(false) -}}
    {%- endif -%}
    {%- set recorded = run_query(
        'select vocabulary_checksum from ' ~ incremental_state_table()
        ~ ' where model_name = ' ~ sql_string(model.name)
    ) -%}
    {{- return(recorded.rows | length == 0 or recorded.rows[0][0] != date_model_settings()) -}}
{%- endmacro %}

{% macro record_date_model_settings() -%}
    {#- Post-hook: what the stored dates were computed with (nothing to record on Spark, which
        keeps no state tables: a changed setting there needs --full-refresh). -#}
    {%- if target.type != 'spark' -%}
    delete from {{ incremental_state_table() }} where model_name = {{ sql_string(model.name) }};
    insert into {{ incremental_state_table() }} (model_name, vocabulary_checksum)
    values ({{ sql_string(model.name) }}, {{ sql_string(date_model_settings()) }})
    {%- endif -%}
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
        date already stored (every date when the model is still empty, or when what it
        computes with changed). Use inside `{% if is_incremental() %}`. -#}
    {%- if date_model_settings_changed() -%}
    cast('1900-01-01' as date)
    {%- else -%}
    coalesce(
        (select {{ date_minus_days('max(' ~ date_column ~ ')', lookback_days()) }} from {{ this }}),
        cast('1900-01-01' as date)
    )
    {%- endif -%}
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

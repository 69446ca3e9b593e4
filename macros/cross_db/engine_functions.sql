{#- Helper functions some engines need for the cross-db macros, created by an on-run-start
    hook (dbt_project.yml) before any model or test runs. PostgreSQL 15 has neither
    `IS JSON` nor `try_cast`, and a regular expression cannot tell 2026-06-32 or 25:00 from a
    real date or time: these functions try the cast and return NULL (false) on any error.
    They live in the target schema, are `create or replace`d (idempotent) and are immutable
    (timestamps are parsed with the function's own TimeZone UTC, whatever the session's). -#}

{% macro create_engine_functions() -%}
    {{- return(adapter.dispatch('create_engine_functions', 'annotation_ops')()) -}}
{%- endmacro %}

{% macro default__create_engine_functions() -%}
    {#- DuckDB and Spark have everything built in. -#}
{%- endmacro %}

{% macro engine_function(name) -%}
    {#- The qualified name of a helper function created by create_engine_functions. -#}
    {{- adapter.quote(target.schema) ~ '.' ~ 'annotation_ops_' ~ name -}}
{%- endmacro %}

{% macro postgres__create_engine_functions() -%}
    {%- if execute -%}
        {%- set statements = [
            'create schema if not exists ' ~ adapter.quote(target.schema),
            'create or replace function ' ~ engine_function('json_is_valid') ~ '(value text)
                returns boolean language plpgsql immutable parallel safe as $fn$
                begin
                    if value is null then return false; end if;
                    perform cast(value as jsonb);
                    return true;
                exception when others then
                    return false;
                end $fn$',
            'create or replace function ' ~ engine_function('try_double') ~ '(value text)
                returns double precision language plpgsql immutable parallel safe as $fn$
                begin
                    return cast(value as double precision);
                exception when others then
                    return null;
                end $fn$',
            'create or replace function ' ~ engine_function('try_date') ~ '(value text)
                returns date language plpgsql immutable parallel safe as $fn$
                begin
                    return cast(value as date);
                exception when others then
                    return null;
                end $fn$',
            'create or replace function ' ~ engine_function('try_timestamp_utc') ~ '(value text)
                returns timestamp language plpgsql immutable parallel safe
                set timezone to \'UTC\' as $fn$
                begin
                    return cast(value as timestamp with time zone) at time zone \'UTC\';
                exception when others then
                    return null;
                end $fn$',
        ] -%}
        {%- for statement in statements -%}
            {%- do run_query(statement) -%}
        {%- endfor -%}
    {%- endif -%}
{%- endmacro %}

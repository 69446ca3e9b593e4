{% macro seconds_between(start_expression, end_expression) -%}
    {#- Seconds from start to end as a double, fractions kept (dbt.datediff counts whole
        boundaries only). -#}
    {{- return(adapter.dispatch('seconds_between', 'annotation_ops')(start_expression, end_expression)) -}}
{%- endmacro %}

{% macro default__seconds_between(start_expression, end_expression) -%}
    extract(epoch from ({{ end_expression }} - {{ start_expression }}))
{%- endmacro %}

{% macro duckdb__seconds_between(start_expression, end_expression) -%}
    (epoch({{ end_expression }}) - epoch({{ start_expression }}))
{%- endmacro %}

{% macro postgres__seconds_between(start_expression, end_expression) -%}
    {#- extract(epoch ...) is numeric on PostgreSQL 14+: a double, as on DuckDB. -#}
    cast(extract(epoch from ({{ end_expression }} - {{ start_expression }})) as double precision)
{%- endmacro %}

{% macro spark__seconds_between(start_expression, end_expression) -%}
    {#- Microsecond difference as a double (bigint / int is a double on Spark). -#}
    ((unix_micros({{ end_expression }}) - unix_micros({{ start_expression }})) / 1000000)
{%- endmacro %}

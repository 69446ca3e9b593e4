{% macro type_double() -%}
    {#- A 64-bit float (dbt.type_float() is 32-bit on DuckDB and rounds 0.7 to 0.69999998). -#}
    {{- return(adapter.dispatch('type_double', 'annotation_ops')()) -}}
{%- endmacro %}

{% macro default__type_double() -%}
    double precision
{%- endmacro %}

{% macro duckdb__type_double() -%}
    double
{%- endmacro %}

{% macro spark__type_double() -%}
    double
{%- endmacro %}

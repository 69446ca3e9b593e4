{% macro materialized_cte() -%}
    {#- Between `name as` and a CTE's parenthesis: compute the CTE once, before the query that
        reads it, so the planner sees its true size. -#}
    {{- return(adapter.dispatch('materialized_cte', 'annotation_ops')()) -}}
{%- endmacro %}

{% macro default__materialized_cte() -%}
    materialized
{%- endmacro %}

{% macro spark__materialized_cte() -%}
    {#- Spark has no such keyword: its planner decides. -#}
{%- endmacro %}

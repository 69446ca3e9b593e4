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

{% macro inlined_cte() -%}
    {#- Between `name as` and an import CTE's parenthesis, when the query reads it more than
        once: DuckDB and PostgreSQL would otherwise copy the whole table into a temporary result
        before any filter or column pruning of the readers, the cost of a daily run over a
        large stored table; inlined, each reader scans only the columns and row groups it
        needs. -#}
    {{- return(adapter.dispatch('inlined_cte', 'annotation_ops')()) -}}
{%- endmacro %}

{% macro default__inlined_cte() -%}
    not materialized
{%- endmacro %}

{% macro spark__inlined_cte() -%}
    {#- Spark has no such keyword: it inlines CTEs. -#}
{%- endmacro %}

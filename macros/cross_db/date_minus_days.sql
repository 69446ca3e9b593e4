{% macro date_minus_days(date_expression, days) -%}
    {#- The date `days` whole days before a date; NULL stays NULL (dbt-spark's dateadd
        raises on NULL instead). -#}
    {{- return(adapter.dispatch('date_minus_days', 'annotation_ops')(date_expression, days)) -}}
{%- endmacro %}

{% macro default__date_minus_days(date_expression, days) -%}
    cast({{ dbt.dateadd('day', -days, date_expression) }} as date)
{%- endmacro %}

{% macro spark__date_minus_days(date_expression, days) -%}
    date_sub({{ date_expression }}, {{ days }})
{%- endmacro %}

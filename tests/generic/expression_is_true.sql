{% test expression_is_true(model, expression, where_clause=none) %}
{#- Fails with every row for which the expression is not true (NULL counts as a failure). -#}
select *
from {{ model }}
where
    not coalesce(({{ expression }}), false)
    {%- if where_clause %} and ({{ where_clause }}){% endif %}
{% endtest %}

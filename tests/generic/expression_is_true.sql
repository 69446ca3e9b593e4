{% test expression_is_true(model, expression, where_clause=none, column_name=none) %}
{#- Fails with every row for which the expression is not true (NULL counts as a failure).
    The expression is written in full, also when the test is attached to a column. -#}
select *
from {{ model }}
where
    not coalesce(({{ expression }}), false)
    {%- if where_clause %} and ({{ where_clause }}){% endif %}
{% endtest %}

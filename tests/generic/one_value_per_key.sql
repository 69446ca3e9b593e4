{% test one_value_per_key(model, key_columns, value_column, detail_columns=['source_file', 'source_row']) %}
{#- Fails with one row per pair of rows that give one key two different values: the key, then
    each row's value and detail columns (_a for the smaller value, _b for the other), so the
    failure says which two records to reconcile. -#}
select
    {%- for column in key_columns %}
    row_a.{{ column }},
    {%- endfor %}
    row_a.{{ value_column }} as {{ value_column }}_a,
    {%- for column in detail_columns %}
    row_a.{{ column }} as {{ column }}_a,
    {%- endfor %}
    row_b.{{ value_column }} as {{ value_column }}_b
    {%- for column in detail_columns %},
    row_b.{{ column }} as {{ column }}_b
    {%- endfor %}
from {{ model }} as row_a
inner join {{ model }} as row_b
    on
    {%- for column in key_columns %}
        row_a.{{ column }} = row_b.{{ column }}{% if not loop.last %} and{% endif %}
    {%- endfor %}
        and row_a.{{ value_column }} < row_b.{{ value_column }}
{% endtest %}

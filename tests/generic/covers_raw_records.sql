{% test covers_raw_records(model, raw_relation, match_columns=['source_file', 'source_row']) %}
{#- Nothing lost between the raw layer and a base model: fails with every raw record that
    has no row in the model. -#}
select raw_records.*
from {{ raw_relation }} as raw_records
where not exists (
    select 1
    from {{ model }} as base_records
    where
    {%- for column in match_columns %}
        base_records.{{ column }} = raw_records.{{ column }}{% if not loop.last %} and{% endif %}
    {%- endfor %}
)
{% endtest %}

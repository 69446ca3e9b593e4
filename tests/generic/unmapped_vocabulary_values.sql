{% test unmapped_vocabulary_values(model, column_name, canonical_column, unmapped_value='custom') %}
{#- Lists the vendor values no vocabulary seed knows (their canonical value is the fallback).
    Used with severity warn: the rows are kept, the warning names the values to map. -#}
select
    {{ column_name }} as unmapped_value,
    count(*) as occurrences
from {{ model }}
where {{ column_name }} is not null
    and {% if unmapped_value is none %}{{ canonical_column }} is null{% else %}{{ canonical_column }} = '{{ unmapped_value }}'{% endif %}
group by {{ column_name }}
{% endtest %}

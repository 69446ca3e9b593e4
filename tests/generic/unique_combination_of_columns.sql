{% test unique_combination_of_columns(model, combination_of_columns, newest_write=none) %}
{#- Fails with one row per combination that occurs more than once.
    newest_write ({'written_at': column, 'partition': column}), for a large incremental model
    whose runs replace whole partitions and stamp the rows they write: an incremental run
    checks only the partitions its newest write holds (every row of them, old or new). The
    combination must determine the partition, so rows of other partitions, checked when they
    were written, cannot share a combination with them. --full-refresh checks every row. -#}
select
    {{ combination_of_columns | join(', ') }},
    count(*) as occurrences
from {{ model }}
{%- if newest_write and not flags.FULL_REFRESH %}
where {{ newest_write.partition }} in ({{ newest_write_partitions(model, newest_write) }})
{%- endif %}
group by {{ combination_of_columns | join(', ') }}
having count(*) > 1
{% endtest %}

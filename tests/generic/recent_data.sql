{% test recent_data(model, column_name, max_age_days=7) %}
{#- Freshness of a landing zone kind: fails (use severity warn) when its newest timestamp is
    more than max_age_days before as_of_date, i.e. nobody dropped a new export lately. The
    raw layer is text read from files, so this is checked on the parsed staging column. -#}
with

newest as (
    select max({{ column_name }}) as newest_at
    from {{ model }}
)

select newest_at
from newest
where newest_at is not null
    and newest_at < {{ dbt.dateadd('day', -max_age_days, "cast('" ~ as_of_date() ~ "' as timestamp)") }}
{% endtest %}

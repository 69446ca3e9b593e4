{#- The dates of the retention window: retention_days dates ending at as_of_date. -#}
with

window_dates as (
    {{ dbt.date_spine(
        'day',
        "cast('" ~ window_start_date() ~ "' as date)",
        dbt.dateadd('day', 1, "cast('" ~ as_of_date() ~ "' as date)"),
    ) }}
),

final as (
    select cast(date_day as date) as window_date
    from window_dates
)

select * from final

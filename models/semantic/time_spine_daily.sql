{#- The day-grain time spine of the semantic layer: one row per UTC date from 2020-01-01 to
    2030-12-31, a fixed range well around any export the warehouse holds. MetricFlow joins to
    it for metric_time; dbt.date_spine keeps it the same on DuckDB, PostgreSQL and Spark. -#}
with

days as (
    {{ dbt.date_spine(
        'day',
        "cast('2020-01-01' as date)",
        "cast('2031-01-01' as date)",
    ) }}
),

final as (
    select cast(date_day as date) as date_day
    from days
)

select * from final

{#- Distinct annotators with any activity (a label, an annotation object, a review, a status
    change, an editor sample; Dataloop's activeUsers rows) per hour, day, week and month,
    vendor and project, counting activity inside the retention window only (a week or month
    cut by the window's first date counts the part inside it). A vendor-bucketed activity
    (Dataloop activeUsers by day) counts at its own granularity and coarser ones, never finer:
    a day's bucket does not say which hour. -#}
with

activities as (
    select * from {{ ref('int_annotator_activities_unioned') }}
),

granularities as (
    select
        'hour' as granularity,
        1 as granularity_rank
    union all
    select
        'day' as granularity,
        2 as granularity_rank
    union all
    select
        'week' as granularity,
        3 as granularity_rank
    union all
    select
        'month' as granularity,
        4 as granularity_rank
),

window_activities as (
    select
        vendor,
        project_id,
        annotator_id,
        activity_at,
        case activity_granularity
            when 'instant' then 0
            when 'hour' then 1
            when 'day' then 2
            when 'week' then 3
            when 'month' then 4
        end as precision_rank
    from activities
    where
        activity_at is not null
        and project_id is not null
        and cast(activity_at as date)
        between cast('{{ window_start_date() }}' as date) and cast('{{ as_of_date() }}' as date)
),

activities_by_period as (
    select
        granularities.granularity,
        case granularities.granularity
            when 'hour' then {{ dbt.date_trunc('hour', 'window_activities.activity_at') }}
            when 'day' then {{ dbt.date_trunc('day', 'window_activities.activity_at') }}
            when 'week' then {{ dbt.date_trunc('week', 'window_activities.activity_at') }}
            when 'month' then {{ dbt.date_trunc('month', 'window_activities.activity_at') }}
        end as period_start,
        window_activities.vendor,
        window_activities.project_id,
        window_activities.annotator_id
    from window_activities
    inner join granularities
        on window_activities.precision_rank <= granularities.granularity_rank
),

final as (
    select
        granularity,
        cast(period_start as {{ dbt.type_timestamp() }}) as period_start,
        vendor,
        project_id,
        count(distinct annotator_id) as active_annotators
    from activities_by_period
    group by 1, 2, 3, 4
)

select * from final

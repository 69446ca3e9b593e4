{#- Distinct annotators with any activity (a label, an annotation object, a review, a status
    change, an editor sample; Dataloop's activeUsers rows) per hour, day, week and month,
    vendor and project, counting activity inside the retention window only (a week or month
    cut by the window's first date counts the part inside it). Days, weeks and months count
    the annotator-days of fct_annotator_activity_daily, where what counts as activity is
    defined once; hours read the same activities at their own time. A vendor-bucketed
    activity (Dataloop activeUsers) counts at its own granularity and coarser ones, never
    finer: a day's bucket does not say which hour, a week's bucket which day - week and month
    buckets, which fct_annotator_activity_daily cannot place on a day, are added here to the
    weeks and months. -#}
with

activities as (
    select * from {{ ref('int_annotator_activities_unioned') }}
),

activity_days as (
    select * from {{ ref('fct_annotator_activity_daily') }}
),

window_activities as (
    select
        vendor,
        project_id,
        annotator_id,
        activity_at,
        activity_granularity
    from activities
    where
        activity_at is not null
        and project_id is not null
        and cast(activity_at as date)
        between cast('{{ window_start_date() }}' as date) and cast('{{ as_of_date() }}' as date)
),

hour_activities as (
    select
        'hour' as granularity,
        {{ dbt.date_trunc('hour', 'activity_at') }} as period_start,
        vendor,
        project_id,
        annotator_id
    from window_activities
    where activity_granularity in ('instant', 'hour')
),

day_timestamps as (
    select
        cast(activity_date as {{ dbt.type_timestamp() }}) as activity_day_at,
        vendor,
        project_id,
        annotator_id
    from activity_days
),

day_or_finer_activities as (
    select
        'day' as granularity,
        activity_day_at as period_start,
        vendor,
        project_id,
        annotator_id
    from day_timestamps

    union all

    select
        'week' as granularity,
        {{ dbt.date_trunc('week', 'activity_day_at') }} as period_start,
        vendor,
        project_id,
        annotator_id
    from day_timestamps

    union all

    select
        'month' as granularity,
        {{ dbt.date_trunc('month', 'activity_day_at') }} as period_start,
        vendor,
        project_id,
        annotator_id
    from day_timestamps
),

bucketed_activities as (
    select
        'week' as granularity,
        {{ dbt.date_trunc('week', 'activity_at') }} as period_start,
        vendor,
        project_id,
        annotator_id
    from window_activities
    where activity_granularity = 'week'

    union all

    select
        'month' as granularity,
        {{ dbt.date_trunc('month', 'activity_at') }} as period_start,
        vendor,
        project_id,
        annotator_id
    from window_activities
    where activity_granularity in ('week', 'month')
),

activities_by_period as (
    select * from hour_activities
    union all
    select * from day_or_finer_activities
    union all
    select * from bucketed_activities
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

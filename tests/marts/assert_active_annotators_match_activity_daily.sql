{#- fct_active_annotators counts what fct_annotator_activity_daily holds: per vendor and
    project, each day row equals the distinct annotators of that day in the daily mart, and
    every day of the daily mart has its day row. A week or month row counts at least the
    distinct annotators of its days there, and more only where Dataloop's activeUsers
    reports week or month buckets for that vendor and project in the period (activity that
    cannot be placed on a day). Returns the disagreements. -#}
with

activity_days as (
    select
        cast(activity_date as {{ dbt.type_timestamp() }}) as activity_day_at,
        vendor,
        project_id,
        annotator_id
    from {{ ref('fct_annotator_activity_daily') }}
),

active_annotators as (
    select
        granularity,
        cast(period_start as date) as period_date,
        vendor,
        project_id,
        active_annotators
    from {{ ref('fct_active_annotators') }}
    where granularity in ('day', 'week', 'month')
),

bucketed_periods as (
    select distinct
        'week' as granularity,
        cast({{ dbt.date_trunc('week', 'activity_at') }} as date) as period_date,
        vendor,
        project_id
    from {{ ref('int_annotator_activities_unioned') }}
    where activity_granularity = 'week'

    union all

    select distinct
        'month' as granularity,
        cast({{ dbt.date_trunc('month', 'activity_at') }} as date) as period_date,
        vendor,
        project_id
    from {{ ref('int_annotator_activities_unioned') }}
    where activity_granularity in ('week', 'month')
),

days_by_period as (
    select
        'day' as granularity,
        cast(activity_day_at as date) as period_date,
        vendor,
        project_id,
        annotator_id
    from activity_days

    union all

    select
        'week' as granularity,
        cast({{ dbt.date_trunc('week', 'activity_day_at') }} as date) as period_date,
        vendor,
        project_id,
        annotator_id
    from activity_days

    union all

    select
        'month' as granularity,
        cast({{ dbt.date_trunc('month', 'activity_day_at') }} as date) as period_date,
        vendor,
        project_id,
        annotator_id
    from activity_days
),

daily_counts as (
    select
        granularity,
        period_date,
        vendor,
        project_id,
        count(distinct annotator_id) as active_annotators
    from days_by_period
    group by 1, 2, 3, 4
),

compared as (
    select
        coalesce(daily_counts.granularity, active_annotators.granularity) as granularity,
        coalesce(daily_counts.period_date, active_annotators.period_date) as period_date,
        coalesce(daily_counts.vendor, active_annotators.vendor) as vendor,
        coalesce(daily_counts.project_id, active_annotators.project_id) as project_id,
        coalesce(daily_counts.active_annotators, 0) as daily_mart_annotators,
        coalesce(active_annotators.active_annotators, 0) as mart_active_annotators
    from daily_counts
    full outer join active_annotators
        on
            daily_counts.granularity = active_annotators.granularity
            and daily_counts.period_date = active_annotators.period_date
            and daily_counts.vendor = active_annotators.vendor
            and daily_counts.project_id = active_annotators.project_id
),

final as (
    select compared.*
    from compared
    left join bucketed_periods
        on
            compared.granularity = bucketed_periods.granularity
            and compared.period_date = bucketed_periods.period_date
            and compared.vendor = bucketed_periods.vendor
            and compared.project_id = bucketed_periods.project_id
    where
        compared.daily_mart_annotators > compared.mart_active_annotators
        or (
            compared.daily_mart_annotators < compared.mart_active_annotators
            and (compared.granularity = 'day' or bucketed_periods.vendor is null)
        )
)

select * from final

{#- The review events of fct_annotator_daily (on the labeler's work, and as reviewer) equal the
    events of fct_reviews inside the retention window, per vendor and project; and the
    computed rows of fct_annotator_performance hold the same rejection events as the daily
    rows summed. Returns the disagreements. -#}
with

reviews_in_window as (
    select
        vendor,
        project_id,
        sum(case when labeler_id is not null and review_outcome = 'approve' then 1 else 0 end) as approve_events,
        sum(case when labeler_id is not null and review_outcome = 'reject' then 1 else 0 end) as rejection_events,
        count(*) as reviews_performed
    from {{ ref('fct_reviews') }}
    where reviewed_date between cast('{{ window_start_date() }}' as date) and cast('{{ as_of_date() }}' as date)
    group by 1, 2
),

daily as (
    select
        vendor,
        project_id,
        sum(approve_events) as approve_events,
        sum(rejection_events) as rejection_events,
        sum(reviews_performed) as reviews_performed
    from {{ ref('fct_annotator_daily') }}
    group by 1, 2
),

performance as (
    select
        vendor,
        project_id,
        sum(rejection_events) as rejection_events
    from {{ ref('fct_annotator_performance') }}
    where source = 'computed'
    group by 1, 2
),

compared as (
    select
        coalesce(reviews_in_window.vendor, daily.vendor) as vendor,
        coalesce(reviews_in_window.project_id, daily.project_id) as project_id,
        coalesce(reviews_in_window.approve_events, 0) as review_approve_events,
        coalesce(daily.approve_events, 0) as daily_approve_events,
        coalesce(reviews_in_window.rejection_events, 0) as review_rejection_events,
        coalesce(daily.rejection_events, 0) as daily_rejection_events,
        coalesce(performance.rejection_events, 0) as performance_rejection_events,
        coalesce(reviews_in_window.reviews_performed, 0) as review_events,
        coalesce(daily.reviews_performed, 0) as daily_reviews_performed
    from reviews_in_window
    full outer join daily
        on reviews_in_window.vendor = daily.vendor
            and reviews_in_window.project_id = daily.project_id
    left join performance
        on coalesce(reviews_in_window.vendor, daily.vendor) = performance.vendor
            and coalesce(reviews_in_window.project_id, daily.project_id) = performance.project_id
)

select * from compared
where
    review_approve_events <> daily_approve_events
    or review_rejection_events <> daily_rejection_events
    or review_rejection_events <> performance_rejection_events
    or review_events <> daily_reviews_performed

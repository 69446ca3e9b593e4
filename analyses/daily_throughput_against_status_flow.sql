-- Daily throughput against the status flow: items labeled per day next to the items that
-- entered `done` and the backlog left in review at the end of the day.
with

daily as (
    select * from {{ ref('fct_annotator_daily') }}
),

flow as (
    select * from {{ ref('fct_daily_status_flow') }}
),

labeled as (
    select
        activity_date,
        vendor,
        project_id,
        sum(items_labeled) as items_labeled,
        sum(labels_submitted) as labels_submitted
    from daily
    group by 1, 2, 3
),

status_flow as (
    select
        date as flow_date,
        vendor,
        project_id,
        sum(case when status = 'done' then item_count_in else 0 end) as items_done,
        sum(case when status = 'in_review' then item_count_eop else 0 end) as in_review_at_end_of_day
    from flow
    group by 1, 2, 3
),

final as (
    select
        coalesce(labeled.activity_date, status_flow.flow_date) as activity_date,
        coalesce(labeled.vendor, status_flow.vendor) as vendor,
        coalesce(labeled.project_id, status_flow.project_id) as project_id,
        coalesce(labeled.items_labeled, 0) as items_labeled,
        coalesce(labeled.labels_submitted, 0) as labels_submitted,
        coalesce(status_flow.items_done, 0) as items_done,
        status_flow.in_review_at_end_of_day
    from labeled
    full outer join status_flow
        on labeled.activity_date = status_flow.flow_date
            and labeled.vendor = status_flow.vendor
            and labeled.project_id = status_flow.project_id
)

select * from final
order by activity_date, vendor, project_id

{#- Vertical integrity: per vendor, the review events in fct_reviews equal the review events
    counted straight from the staged tables (nothing lost or doubled in the union or by the
    labeler lookups). Returns the vendors that disagree. -#}
with

superannotate_staged as (
    select
        'superannotate' as vendor,
        count(*) as staged_events
    from {{ ref('stg_superannotate__status_changes') }}
    where from_status = 'in_review' and to_status in ('done', 'in_rework')
),

labelbox_staged as (
    select
        'labelbox' as vendor,
        count(*) as staged_events
    from {{ ref('stg_labelbox__workflow_history') }}
    where review_outcome is not null
),

labelbox_legacy_staged as (
    select
        'labelbox' as vendor,
        count(*) as staged_events
    from {{ ref('stg_labelbox__label_reviews') }}
    where review_outcome is not null
),

crowdai_staged as (
    select
        'crowdai' as vendor,
        count(*) as staged_events
    from {{ ref('stg_crowdai__workflow_phases') }}
    where phase in ('review', 'final_review') and review_outcome is not null
),

dataloop_log_staged as (
    select
        'dataloop' as vendor,
        count(*) as staged_events
    from {{ ref('stg_dataloop__task_status_log') }}
    where action = 'create' and review_outcome = 'approve'
),

dataloop_issue_staged as (
    select
        'dataloop' as vendor,
        count(*) as staged_events
    from {{ ref('stg_dataloop__annotations') }}
    where annotation_status = 'issue'
),

staged_unioned as (
    select * from superannotate_staged
    union all
    select * from labelbox_staged
    union all
    select * from labelbox_legacy_staged
    union all
    select * from crowdai_staged
    union all
    select * from dataloop_log_staged
    union all
    select * from dataloop_issue_staged
),

staged as (
    select
        vendor,
        sum(staged_events) as staged_events
    from staged_unioned
    group by 1
),

mart as (
    select
        vendor,
        count(*) as mart_events
    from {{ ref('fct_reviews') }}
    group by 1
),

compared as (
    select
        coalesce(staged.vendor, mart.vendor) as vendor,
        coalesce(staged.staged_events, 0) as staged_events,
        coalesce(mart.mart_events, 0) as mart_events
    from staged
    full outer join mart
        on staged.vendor = mart.vendor
)

select * from compared
where staged_events <> mart_events

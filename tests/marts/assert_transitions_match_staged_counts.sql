-- Vertical integrity: nothing lost or doubled in the union. Per vendor, fct_status_transitions
-- holds one row per SuperAnnotate status change, per Labelbox workflow_history entry and per
-- Dataloop taskStatusLog `create` entry. Fails with every vendor whose counts differ.
with

transitions as (
    select * from {{ ref('fct_status_transitions') }}
),

superannotate_status_changes as (
    select * from {{ ref('stg_superannotate__status_changes') }}
),

labelbox_workflow_history as (
    select * from {{ ref('stg_labelbox__workflow_history') }}
),

dataloop_task_status_log as (
    select * from {{ ref('stg_dataloop__task_status_log') }}
),

staged_counts as (
    select
        'superannotate' as vendor,
        count(*) as staged_rows
    from superannotate_status_changes
    union all
    select
        'labelbox' as vendor,
        count(*) as staged_rows
    from labelbox_workflow_history
    union all
    select
        'dataloop' as vendor,
        count(*) as staged_rows
    from dataloop_task_status_log
    where action = 'create'
),

mart_counts as (
    select
        vendor,
        count(*) as mart_rows
    from transitions
    group by 1
),

compared as (
    select
        staged_counts.vendor,
        staged_counts.staged_rows,
        coalesce(mart_counts.mart_rows, 0) as mart_rows
    from staged_counts
    left join mart_counts
        on staged_counts.vendor = mart_counts.vendor
)

select * from compared
where staged_rows <> mart_rows

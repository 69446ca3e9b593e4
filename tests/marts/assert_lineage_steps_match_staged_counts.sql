-- Vertical integrity of fct_workflow_steps: one row per CrowdAI workflow phase row, per
-- Labelbox workflow_history entry and per Dataloop taskStatusLog `create` entry; one
-- SuperAnnotate step per status change that ends someone's work (at most one per change).
-- Fails with every vendor whose counts differ.
with

steps as (
    select * from {{ ref('fct_workflow_steps') }}
),

crowdai_workflow_phases as (
    select * from {{ ref('stg_crowdai__workflow_phases') }}
),

labelbox_workflow_history as (
    select * from {{ ref('stg_labelbox__workflow_history') }}
),

dataloop_task_status_log as (
    select * from {{ ref('stg_dataloop__task_status_log') }}
),

superannotate_status_changes as (
    select * from {{ ref('stg_superannotate__status_changes') }}
),

staged_counts as (
    select
        'crowdai' as vendor,
        count(*) as staged_rows
    from crowdai_workflow_phases
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
    from steps
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
    where staged_counts.staged_rows <> coalesce(mart_counts.mart_rows, 0)
),

superannotate_steps_per_change as (
    select
        source_file,
        source_row,
        count(*) as step_rows
    from steps
    where vendor = 'superannotate'
    group by 1, 2
),

superannotate_orphans as (
    select
        'superannotate' as vendor,
        superannotate_steps_per_change.step_rows as staged_rows,
        superannotate_steps_per_change.step_rows as mart_rows
    from superannotate_steps_per_change
    left join superannotate_status_changes
        on superannotate_steps_per_change.source_file = superannotate_status_changes.source_file
            and superannotate_steps_per_change.source_row = superannotate_status_changes.source_row
    where superannotate_status_changes.source_row is null or superannotate_steps_per_change.step_rows > 1
)

select * from compared
union all
select * from superannotate_orphans

{#- CrowdAI labels: annotate-phase (image_boxing) rows whose status says the work was handed
    in (done: submitted/completed, in_rework: rejected later, skipped); the workflow ID is the
    label, Completed At its time, TimeSecs its seconds; seconds_to_review = the TimeSecs of
    the same task's completed review and final-review rows. -#}

with

workflow_phases as {{ inlined_cte() }} (
    select * from {{ ref('stg_crowdai__workflow_phases') }}
),

review_seconds as (
    select
        task_id,
        sum(work_seconds) as review_seconds
    from workflow_phases
    where phase in ('review', 'final_review') and is_completed
    group by 1
),

final as (
    select
        workflow_phases.vendor,
        workflow_phases.project_id,
        workflow_phases.media_id as item_id,
        workflow_phases.workflow_id as label_id,
        workflow_phases.annotator_id as labeler_user_id,
        workflow_phases.completed_at as created_at,
        workflow_phases.work_seconds as seconds_to_create,
        review_seconds.review_seconds as seconds_to_review,
        workflow_phases.status = 'skipped' as is_skipped,
        workflow_phases.source_file,
        workflow_phases.source_row
    from workflow_phases
    left join review_seconds
        on workflow_phases.task_id = review_seconds.task_id
    where
        workflow_phases.phase = 'annotate'
        and workflow_phases.status in ('done', 'in_rework', 'skipped')
)

select * from final

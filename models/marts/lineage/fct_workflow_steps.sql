{#- One row per step a task went through (the media -> task -> workflow-phase chain); the
    rules per vendor are in int_workflow_steps_unioned. -#}
with

steps as (
    select * from {{ ref('int_workflow_steps_unioned') }}
),

final as (
    select
        step_id,
        vendor,
        project_id,
        task_id,
        media_id,
        workflow_id,
        phase,
        phase_raw,
        status,
        status_raw,
        annotator_id,
        {{ pii('annotator_user_id') }} as annotator_user_id,
        completed_at,
        work_seconds,
        source_file,
        source_row
    from steps
)

select * from final

{#- One row per step a task went through (the media -> task -> workflow-phase chain); the
    rules per vendor are in int_workflow_steps_unioned. Incremental by source file like its
    input (macros/config/incremental_by_key.sql). -#}
{{ config(**incremental_by_key(['int_workflow_steps_unioned'], row_key_columns=['vendor', 'source_file'])) }}

with

steps as (
    select * from {{ ref('int_workflow_steps_unioned') }}
),

{{ changed_key_rows('steps', ['int_workflow_steps_unioned']) }},

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
    from changed_key_rows
)

select * from final

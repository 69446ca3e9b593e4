{#- CrowdAI workflow steps, one row per workflow phase row (a task = project + media): the
    phase, its status through status_map and the annotator's TimeSecs as written. -#}

with

workflow_phases as (
    select * from {{ ref('stg_crowdai__workflow_phases') }}
),

final as (
    select
        vendor,
        project_id,
        task_id,
        media_id,
        workflow_id,
        phase,
        phase_raw,
        status,
        task_status_raw as status_raw,
        annotator_id as annotator_user_id,
        completed_at,
        work_seconds,
        source_file,
        source_row,
        cast(0 as {{ dbt.type_string() }}) as entry_index
    from workflow_phases
)

select * from final

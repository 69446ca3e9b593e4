{#- One row per CrowdAI workflow ID: one phase (labeling, review, final review) of one task.
    CrowdAI has no Task ID column: a task is one media item in one project, so task_id is the
    composite `<project name>/<media id>`. -#}

with

source as (
    select * from {{ ref('base_crowdai__annotation_csv') }}
    where rejection_reason is null and not is_duplicate
),

renamed as (
    select
        vendor,
        workflow_id,
        {{ dbt.concat(['project_name', "'/'", 'media_id']) }} as task_id,
        project_name as project_id,
        media_id,
        dataset_id,
        annotator_name as annotator_id,
        task_url,
        phase_raw,
        {{ vocabulary_lookup('phase_map', 'crowdai', 'phase_raw', 'phase_key', 'phase') }} as phase,
        task_status_raw,
        task_status_raw as status_raw,
        lower(trim(task_status_raw)) as task_status,
        {{ vocabulary_lookup('status_map', 'crowdai', 'task_status_raw', 'status_key', 'status', "'custom'") }}
            as status,
        {{ vocabulary_lookup('review_action_map', 'crowdai', 'task_status_raw', 'action_key', 'review_outcome') }}
            as status_review_outcome,
        coalesce(work_seconds, time_to_complete_seconds) as work_seconds,
        work_seconds as time_secs_seconds,
        time_to_complete_seconds,
        frame_count,
        case when frame_count is null then 'image' else 'video' end as media_type,
        completed_at,
        source_file,
        source_row
    from source
),

final as (
    select
        vendor,
        workflow_id,
        task_id,
        project_id,
        media_id,
        dataset_id,
        annotator_id,
        task_url,
        phase_raw,
        phase,
        task_status_raw,
        status_raw,
        task_status,
        status,
        case when phase in ('review', 'final_review') then status_review_outcome end as review_outcome,
        work_seconds,
        time_secs_seconds,
        time_to_complete_seconds,
        frame_count,
        media_type,
        completed_at,
        completed_at is not null as is_completed,
        source_file,
        source_row
    from renamed
)

select * from final

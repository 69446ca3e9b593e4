with

source as (
    select * from {{ ref('base_crowdai__annotation_csv') }}
    where rejection_reason is null and not is_duplicate
),

renamed as (
    select
        vendor,
        workflow_id,
        project_name as project_id,
        media_id,
        dataset_id,
        annotator_name as annotator_id,
        task_url,
        phase_raw,
        {{ vocabulary_lookup('phase_map', 'crowdai', 'phase_raw', 'phase_key', 'phase') }} as phase,
        task_status_raw,
        lower(trim(task_status_raw)) as task_status,
        {{ vocabulary_lookup('status_map', 'crowdai', 'task_status_raw', 'status_key', 'status', "'custom'") }}
            as status,
        {{ vocabulary_lookup('review_action_map', 'crowdai', 'task_status_raw', 'action_key', 'review_outcome') }}
            as review_outcome,
        work_seconds,
        time_to_complete_seconds,
        frame_count,
        completed_at,
        source_file,
        source_row
    from source
)

select * from renamed

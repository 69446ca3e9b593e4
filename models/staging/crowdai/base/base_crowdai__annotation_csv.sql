{{ config(**incremental_by_file('crowdai', 'annotation_csv')) }}

with

source as (
    {{ archived_rows('crowdai', 'annotation_csv') }}
),

renamed as (
    select
        'crowdai' as vendor,
        'annotation_csv' as source_name,
        source_file,
        source_row,
        source_loaded_at,
        {{ csv_record_text([
    'workflow_id', 'media_id', 'dataset_id', 'task_status', 'task_url', 'phase',
    'annotator_name', 'time_to_complete', 'project_name', 'time_secs', 'completed_at',
    'frame_count',
        ]) }} as raw_record,

        trim(workflow_id) as workflow_id,
        trim(media_id) as media_id,
        nullif(trim(dataset_id), '') as dataset_id,
        trim(project_name) as project_name,
        nullif(trim(annotator_name), '') as annotator_name,
        nullif(trim(task_url), '') as task_url,

        trim(task_status) as task_status_raw,
        trim(phase) as phase_raw,

        time_to_complete as time_to_complete_raw,
        time_secs as time_secs_raw,
        completed_at as completed_at_raw,
        frame_count as frame_count_raw,
        {{ try_cast_number('time_to_complete') }} * 60 as time_to_complete_seconds,
        {{ try_cast_number('time_secs') }} as work_seconds,
        {{ try_cast_timestamp('completed_at') }} as completed_at,
        {{ try_cast_integer('frame_count') }} as frame_count
    from source
),

validated as (
    select
        *,
        {{ first_rejection_reason([
            (blank('workflow_id'), 'missing_workflow_id'),
            (blank('media_id'), 'missing_media_id'),
            (blank('project_name'), 'missing_project_name'),
            (blank('phase_raw'), 'missing_phase'),
            (blank('task_status_raw'), 'missing_task_status'),
            (unparseable('time_secs_raw', 'work_seconds'), 'unparseable_time_secs'),
            (unparseable('time_to_complete_raw', 'time_to_complete_seconds'), 'unparseable_time_to_complete'),
            (unparseable('completed_at_raw', 'completed_at'), 'unparseable_completed_at'),
            (unparseable('frame_count_raw', 'frame_count'), 'unparseable_frame_count'),
        ]) }} as rejection_reason
    from renamed
),

{{ newest_file_wins('validated', 'crowdai', 'annotation_csv', ['workflow_id']) }}

select * from final

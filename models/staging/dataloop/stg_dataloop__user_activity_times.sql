{#- Rows of the userStatsActivityTimeByField measure grouped by taskId, itemId, userId: a
    user's active or idle time on an item of a task within the query's window. Row shape
    (our reading of Dataloop's tutorials): {"taskId", "itemId", "userId", "activityStatus"
    ("active" | "idle"), "duration" (milliseconds)}; the required-field checks are in
    base_dataloop__analytics (measure_rows_checked). -#}

{{ config(**incremental_by_base_rows('base_dataloop__analytics', 'dataloop', 'analytics')) }}

with

source as (
    {{ dataloop_measure_rows('userStatsActivityTimeByField') }}
),

extracted as (
    select
        vendor,
        project_id,
        nullif(trim({{ json_text('row_json', 'taskId') }}), '') as task_id,
        nullif(trim({{ json_text('row_json', 'itemId') }}), '') as item_id,
        trim({{ json_text('row_json', 'userId') }}) as user_id,
        trim({{ json_text('row_json', 'activityStatus') }}) as activity_status_raw,
        {{ json_text('row_json', 'duration') }} as duration_ms_raw,
        window_start_at,
        window_end_at,
        source_file,
        source_row,
        source_loaded_at,
        base_written_at
    from source
),

renamed as (
    select
        vendor,
        project_id,
        task_id,
        item_id,
        user_id,
        activity_status_raw,
        lower(activity_status_raw) as activity_status,
        lower(activity_status_raw) = 'active' as is_active,
        duration_ms_raw,
        {{ try_cast_number('duration_ms_raw') }} / 1000.0 as duration_seconds,
        window_start_at,
        window_end_at,
        source_file,
        source_row,
        source_loaded_at,
        base_written_at
    from extracted
)

select * from renamed

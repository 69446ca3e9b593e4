{#- Rows of the itemAnnotationDuration measure: the time a user spent annotating an item
    within the query's window. Row shape (our reading of Dataloop's tutorials):
    {"itemId", "userId", "duration" (milliseconds)}; the required-field checks are in
    base_dataloop__analytics (measure_rows_checked). -#}

{{ config(**incremental_by_base_rows('base_dataloop__analytics', 'dataloop', 'analytics')) }}

with

source as (
    {{ dataloop_measure_rows('itemAnnotationDuration') }}
),

extracted as (
    select
        vendor,
        project_id,
        trim({{ json_text('row_json', 'itemId') }}) as item_id,
        nullif(trim({{ json_text('row_json', 'userId') }}), '') as user_id,
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
        item_id,
        user_id,
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

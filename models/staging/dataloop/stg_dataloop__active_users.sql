{#- Rows of the activeUsers measure: one user active in one time bucket. Row shape (our
    reading of Dataloop's tutorials, which only say the rows carry user hashes):
    {"time": <bucket start, ISO-8601 or epoch ms>, "userId": <user hash>}; the
    required-field checks are in base_dataloop__analytics (measure_rows_checked). The
    bucket's size is the measure's timeGranularity, `hour` when the request named none
    (Dataloop's documented default). -#}

{{ config(**incremental_by_base_rows('base_dataloop__analytics', 'dataloop', 'analytics')) }}

with

source as (
    {{ dataloop_measure_rows('activeUsers') }}
),

extracted as (
    select
        vendor,
        project_id,
        time_granularity,
        {{ json_text('row_json', 'time') }} as period_start_raw,
        trim({{ json_text('row_json', 'userId') }}) as user_id,
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
        coalesce(time_granularity, 'hour') as granularity,
        period_start_raw,
        {{ try_cast_timestamp('period_start_raw') }} as period_start,
        user_id,
        window_start_at,
        window_end_at,
        source_file,
        source_row,
        source_loaded_at,
        base_written_at
    from extracted
)

select * from renamed

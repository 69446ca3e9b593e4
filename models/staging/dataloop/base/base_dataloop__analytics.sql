{#- One row per row of a measure's response in a saved Dataloop analytics call (a file:
    {"request": {startTime, endTime, context, measures[]}, "response": [{"response": [rows],
    "hasNext": bool}, ...]}). The parser reads such a file as one record per response row
    (source_row numbers them 1, 2, ... in the order of response elements, then rows), each
    with its file's request, its element's index and hasNext.
    Mapping response elements to measures: each measure answers with one element per entry
    of its `timeGranularity` list (a string or no granularity: one element), in the order of
    request.measures[] and, within a measure, of its granularity list. So with measures
    [A (hour, day), B] the elements are A/hour, A/day, B.
    A file without rows in that shape is one record read whole: it does not parse
    (invalid_json), has no `response` list (missing_response), or no rows
    (empty_response), so every file is accounted for.
    Duplicates: overlapping downloads hold the same response rows; the newest file's copy
    wins. A row's natural key is (measure, granularity, project, the row's key fields):
    itemAnnotationDuration (itemId, userId), userStatsActivityTimeByField (taskId, itemId,
    userId, activityStatus), activeUsers (time, userId), any other measure the row's whole
    text. So a row of a newer call replaces the older call's row for the same item and user,
    whatever the two windows were (each row is a fact about an item, anchored at it).
    The measure row shapes are parsed by one stg model per measure; the required-field
    checks of those shapes are in `measure_rows_checked` below. Rows of any other measure
    have no stg model: they are rejected as unstaged_measure_type, so the audit lists them
    instead of counting them neither staged nor rejected. -#}

{%- set row_key -%}
    case measure_type
        when 'itemAnnotationDuration' then {{ dbt.concat([
            json_text('row_json', 'itemId'), "'|'", "coalesce(" ~ json_text('row_json', 'userId') ~ ", '')",
        ]) }}
        when 'userStatsActivityTimeByField' then {{ dbt.concat([
            "coalesce(" ~ json_text('row_json', 'taskId') ~ ", '')", "'|'",
            "coalesce(" ~ json_text('row_json', 'itemId') ~ ", '')", "'|'",
            json_text('row_json', 'userId'), "'|'",
            "lower(" ~ json_text('row_json', 'activityStatus') ~ ")",
        ]) }}
        when 'activeUsers' then {{ dbt.concat([
            json_text('row_json', 'time'), "'|'", json_text('row_json', 'userId'),
        ]) }}
        else row_json
    end
{%- endset %}

{{ config(**incremental_by_file('dataloop', 'analytics')) }}

with

source as (
    {{ archived_rows('dataloop', 'analytics') }}
),

records as (
    select
        source_file,
        source_row,
        source_loaded_at,
        raw_record,
        request_json,
        {{ try_cast_integer('response_index') }} as response_index,
        {{ try_cast_integer('row_index') }} as row_index,
        {{ try_cast_boolean('has_next') }} as has_next,
        response_index is not null as is_response_row
    from source
),

{# The files read whole: why they have no rows. #}
whole_files as (
    select
        source_file,
        source_loaded_at,
        raw_record,
        {{ json_is_valid('raw_record') }} as is_valid_json
    from records
    where not is_response_row
),

whole_files_described as (
    select
        source_file,
        source_loaded_at,
        raw_record,
        is_valid_json,
        case when is_valid_json then {{ json_type('raw_record', 'response') }} end as response_type
    from whole_files
),

{# One request per file, from its first row. #}
file_requests as (
    select
        source_file,
        request_json
    from records
    where is_response_row and source_row = 1
),

files_described as (
    select
        source_file,
        request_json,
        {{ json_text('request_json', 'startTime') }} as start_time_raw,
        {{ json_text('request_json', 'endTime') }} as end_time_raw,
        {#- The first project of the context (a list of IDs). -#}
        {{ json_pick(
            'file_requests.request_json', 'context.projectId', 'context_project',
            "trim(replace(context_project.context_project_value, '\"', ''))",
            "context_project.context_project_key = '0'",
        ) }} as project_id
    from file_requests
),

measures_listed as (
    select
        source_file,
        {{ json_each_columns('request_json', 'measures', 'measure') }}
    from files_described
),

measures as (
    select
        source_file,
        cast(measure_key as bigint) as measure_index,
        measure_value as measure_json,
        trim({{ json_text('measure_value', 'measureType') }}) as measure_type,
        {{ json_type('measure_value', 'timeGranularity') }} as granularity_type,
        {{ json_fragment('measure_value', 'timeGranularity') }} as granularity_json
    from measures_listed
),

{# One response slot per (measure, granularity), in answer order. #}
measure_slots_listed as (
    select
        measures.source_file,
        measures.measure_index,
        measures.measure_json,
        measures.measure_type,
        cast(granularity.granularity_key as bigint) as granularity_index,
        {#- The element's JSON text is a quoted string: drop the quotes. -#}
        lower(trim(replace(granularity.granularity_value, '"', ''))) as time_granularity
    from measures
    {{ json_each('measures.measure_json', 'timeGranularity', 'granularity') }}
    where measures.granularity_type = 'array'
),

measure_slots_single as (
    select
        source_file,
        measure_index,
        measure_json,
        measure_type,
        cast(0 as bigint) as granularity_index,
        case
            when granularity_type = 'string'
                then lower(trim({{ json_text('measure_json', 'timeGranularity') }}))
        end as time_granularity
    from measures
    where
        granularity_type is null
        or granularity_type <> 'array'
        or granularity_json = '[]'
),

measure_slots as (
    select
        *,
        row_number() over (
            partition by source_file order by measure_index, granularity_index
        ) - 1 as response_index
    from (
        select * from measure_slots_listed
        union all
        select * from measure_slots_single
    ) as slots
),

{# The response rows matched to the measure slot their element answers (an element beyond
    the last slot has no measure and is rejected). Both sides come from the same file. #}
response_rows_mapped as (
    select
        records.source_file,
        records.source_row,
        records.source_loaded_at,
        records.raw_record,
        records.response_index,
        records.row_index,
        records.has_next,
        files_described.start_time_raw,
        files_described.end_time_raw,
        files_described.project_id,
        measure_slots.measure_index,
        measure_slots.measure_type,
        measure_slots.time_granularity
    from records
    inner join files_described
        on records.source_file = files_described.source_file
    left join measure_slots
        on
            records.source_file = measure_slots.source_file
            and records.response_index = measure_slots.response_index
    where records.is_response_row
),

records_unioned as (
    select
        source_file,
        source_row,
        source_loaded_at,
        raw_record,
        true as is_valid_json,
        'array' as response_type,
        start_time_raw,
        end_time_raw,
        project_id,
        measure_index,
        measure_type,
        time_granularity,
        response_index,
        row_index,
        has_next,
        raw_record as row_json
    from response_rows_mapped
    union all
    select
        source_file,
        cast(1 as bigint) as source_row,
        source_loaded_at,
        raw_record,
        is_valid_json,
        response_type,
        null as start_time_raw,
        null as end_time_raw,
        null as project_id,
        null as measure_index,
        null as measure_type,
        null as time_granularity,
        null as response_index,
        null as row_index,
        null as has_next,
        null as row_json
    from whole_files_described
),

renamed as (
    select
        'dataloop' as vendor,
        'analytics' as source_name,
        source_file,
        cast(source_row as bigint) as source_row,
        source_loaded_at,
        raw_record,
        is_valid_json,
        response_type,
        project_id,
        cast(measure_index as bigint) as measure_index,
        measure_type,
        time_granularity,
        cast(response_index as bigint) as response_index,
        cast(row_index as bigint) as row_index,
        has_next,
        row_json,
        start_time_raw,
        end_time_raw,
        {#- startTime 0 (the tutorials' "since the beginning") is the epoch. -#}
        case
            when {{ try_cast_number('start_time_raw') }} = 0 then cast('1970-01-01 00:00:00' as timestamp)
            else {{ try_cast_timestamp('start_time_raw') }}
        end as window_start_at,
        {{ try_cast_timestamp('end_time_raw') }} as window_end_at,
        {#- The natural key of a response row: the measure, the bucket size, the project and
            the row's own key fields (see the header). -#}
        {{ dbt.concat([
            "coalesce(measure_type, '')", "'|'",
            "coalesce(time_granularity, '')", "'|'",
            "coalesce(project_id, '')", "'|'",
            "coalesce(" ~ row_key ~ ", '')",
        ]) }} as record_key
    from records_unioned
),

{# The row shapes the stg models read (our reading of Dataloop's tutorials). #}
measure_rows_checked as (
    select
        *,
        case
            when measure_type = 'itemAnnotationDuration'
                then {{ first_rejection_reason([
                    (blank(json_text('row_json', 'itemId')), 'missing_item_id'),
                    (blank(json_text('row_json', 'duration')), 'missing_duration'),
                    (unparseable(json_text('row_json', 'duration'), try_cast_number(json_text('row_json', 'duration'))),
                        'unparseable_duration'),
                ]) }}
            when measure_type = 'userStatsActivityTimeByField'
                then {{ first_rejection_reason([
                    (blank(json_text('row_json', 'userId')), 'missing_user_id'),
                    (blank(json_text('row_json', 'activityStatus')), 'missing_activity_status'),
                    (blank(json_text('row_json', 'duration')), 'missing_duration'),
                    (unparseable(json_text('row_json', 'duration'), try_cast_number(json_text('row_json', 'duration'))),
                        'unparseable_duration'),
                ]) }}
            when measure_type = 'activeUsers'
                then {{ first_rejection_reason([
                    (blank(json_text('row_json', 'time')), 'missing_period_start'),
                    (unparseable(json_text('row_json', 'time'), try_cast_timestamp(json_text('row_json', 'time'))),
                        'unparseable_period_start'),
                    (blank(json_text('row_json', 'userId')), 'missing_user_id'),
                ]) }}
        end as measure_row_rejection
    from renamed
),

validated as (
    select
        *,
        coalesce(
            {{ first_rejection_reason([
                ('not is_valid_json', 'invalid_json'),
                ("coalesce(response_type, '') <> 'array'", 'missing_response'),
                ('row_json is null', 'empty_response'),
                (blank('measure_type'), 'missing_measure_type'),
                (
                    "measure_type not in ('itemAnnotationDuration', 'userStatsActivityTimeByField', 'activeUsers')",
                    'unstaged_measure_type',
                ),
                (unparseable('start_time_raw', 'window_start_at'), 'unparseable_start_time'),
                (unparseable('end_time_raw', 'window_end_at'), 'unparseable_end_time'),
            ]) }},
            measure_row_rejection
        ) as rejection_reason
    from measure_rows_checked
),

selected as (
    select
        vendor,
        source_name,
        source_file,
        source_row,
        source_loaded_at,
        raw_record,
        project_id,
        measure_index,
        measure_type,
        time_granularity,
        response_index,
        row_index,
        has_next,
        row_json,
        start_time_raw,
        end_time_raw,
        window_start_at,
        window_end_at,
        record_key,
        rejection_reason
    from validated
),

{{ newest_file_wins('selected', 'dataloop', 'analytics', ['record_key']) }}

select * from final

{#- One row per Labelbox label (projects.<id>.labels[]). label_details and
    performance_details are optional sections: their columns are NULL when absent.
    Scores are fractions 0..1: a negative score is Labelbox's "not computed" sentinel (-1)
    and becomes NULL; a score above 1 and at most 100 is read as a percent and divided by
    100; anything above 100, or a value that does not parse, becomes NULL and is named in
    invalid_fields (its text stays in the `_raw` column). A label without an `id` (the
    glossary says it is always there) cannot be keyed and is left out; its line stays in
    base_labelbox__export_v2. A label is the benchmark reference when a label of the same
    data row in the same project (or itself) names it in benchmark_reference_label: the
    check stays inside one export line. -#}

{{ config(**incremental_by_base_rows('base_labelbox__export_v2', 'labelbox', 'export_v2')) }}

with

labels as (
    {{ labelbox_labels_unnested() }}
),

extracted as (
    select
        vendor,
        label_id,
        project_id,
        data_row_id,
        {{ try_cast_integer('label_index') }} as label_index,
        {{ json_text('label_json', 'label_kind') }} as label_kind,
        {{ json_text('label_json', 'version') }} as export_version,
        {{ json_text('label_json', 'label_details.created_by') }} as created_by,
        {{ json_text('label_json', 'label_details.created_at') }} as created_at_raw,
        {{ json_text('label_json', 'label_details.updated_at') }} as updated_at_raw,
        {{ json_text('label_json', 'label_details.content_last_updated_at') }} as content_last_updated_at_raw,
        {{ json_text('label_json', 'performance_details.seconds_to_create') }} as seconds_to_create_raw,
        {{ json_text('label_json', 'performance_details.seconds_to_review') }} as seconds_to_review_raw,
        {{ json_text('label_json', 'performance_details.skipped') }} as skipped_raw,
        {{ json_text('label_json', 'performance_details.benchmark_reference_label') }} as benchmark_reference_label,
        {{ json_text('label_json', 'performance_details.benchmark_score') }} as benchmark_score_raw,
        {{ json_text('label_json', 'performance_details.consensus_score') }} as consensus_score_raw,
        {{ json_text('label_json', 'performance_details.consensus_label_count') }} as consensus_label_count_raw,
        {{ json_type('label_json', 'label_details') }} = 'object' as has_label_details,
        {{ json_type('label_json', 'performance_details') }} = 'object' as has_performance_details,
        case
            when {{ json_type('label_json', 'annotations.frames') }} is null
                then {{ json_array_length('label_json', 'annotations.objects') }}
        end as object_count,
        {{ json_array_length('label_json', 'annotations.classifications') }} as classification_count,
        {{ json_array_length('label_json', 'label_details.reviews') }} as review_count,
        source_file,
        source_row,
        source_loaded_at,
        base_written_at
    from labels
),

parsed as (
    select
        *,
        {{ try_cast_timestamp('created_at_raw') }} as created_at,
        {{ try_cast_timestamp('updated_at_raw') }} as updated_at,
        {{ try_cast_timestamp('content_last_updated_at_raw') }} as content_last_updated_at,
        {{ try_cast_number('seconds_to_create_raw') }} as seconds_to_create,
        {{ try_cast_number('seconds_to_review_raw') }} as seconds_to_review,
        {{ try_cast_boolean('skipped_raw') }} as is_skipped,
        {{ try_cast_number('benchmark_score_raw') }} as benchmark_score_number,
        {{ try_cast_number('consensus_score_raw') }} as consensus_score_number,
        {{ try_cast_integer('consensus_label_count_raw') }} as consensus_label_count
    from extracted
),

renamed as (
    select
        vendor,
        label_id,
        project_id,
        data_row_id,
        label_index,
        label_kind,
        export_version,
        created_by,
        created_at,
        updated_at,
        content_last_updated_at,
        seconds_to_create,
        seconds_to_review,
        is_skipped,
        benchmark_reference_label,
        exists(
            select 1
            from parsed as referring_labels
            where referring_labels.project_id = parsed.project_id
                and referring_labels.data_row_id = parsed.data_row_id
                and referring_labels.benchmark_reference_label = parsed.label_id
        ) as is_benchmark_reference,
        case
            when benchmark_score_number < 0 then null
            when benchmark_score_number <= 1 then benchmark_score_number
            when benchmark_score_number <= 100 then benchmark_score_number / 100.0
        end as benchmark_score,
        case
            when consensus_score_number < 0 then null
            when consensus_score_number <= 1 then consensus_score_number
            when consensus_score_number <= 100 then consensus_score_number / 100.0
        end as consensus_score,
        consensus_label_count,
        object_count,
        classification_count,
        review_count,
        coalesce(has_label_details, false) as has_label_details,
        coalesce(has_performance_details, false) as has_performance_details,
        created_at_raw,
        updated_at_raw,
        content_last_updated_at_raw,
        seconds_to_create_raw,
        seconds_to_review_raw,
        skipped_raw,
        benchmark_score_raw,
        consensus_score_raw,
        consensus_label_count_raw,
        nullif(concat_ws(
            ',',
            case when {{ unparseable('created_at_raw', 'created_at') }} then 'created_at' end,
            case when {{ unparseable('updated_at_raw', 'updated_at') }} then 'updated_at' end,
            case
                when {{ unparseable('content_last_updated_at_raw', 'content_last_updated_at') }}
                    then 'content_last_updated_at'
            end,
            case
                when {{ unparseable('seconds_to_create_raw', 'seconds_to_create') }}
                    then 'seconds_to_create'
            end,
            case
                when {{ unparseable('seconds_to_review_raw', 'seconds_to_review') }}
                    then 'seconds_to_review'
            end,
            case when {{ unparseable('skipped_raw', 'is_skipped') }} then 'skipped' end,
            case
                when {{ unparseable('benchmark_score_raw', 'benchmark_score_number') }}
                    then 'benchmark_score'
            end,
            case
                when {{ unparseable('consensus_score_raw', 'consensus_score_number') }}
                    then 'consensus_score'
            end,
            case
                when {{ unparseable('consensus_label_count_raw', 'consensus_label_count') }}
                    then 'consensus_label_count'
            end,
            case when benchmark_score_number > 100 then 'benchmark_score' end,
            case when consensus_score_number > 100 then 'consensus_score' end
        ), '') as invalid_fields,
        source_file,
        source_row,
        source_loaded_at,
        base_written_at
    from parsed
    where label_id is not null and label_id <> ''
)

select * from renamed

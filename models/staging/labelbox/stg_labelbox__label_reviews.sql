{#- One row per legacy review of a Labelbox label (labels[].label_details.reviews[], the
    thumbs up/down reviews of projects without Workflows). review_outcome maps the action
    (Approve/Accept -> approve, Reject -> reject) through review_action_map; an unknown
    action keeps a NULL outcome. A reviewed_at that does not parse is NULL and named in
    invalid_fields (its text stays in reviewed_at_raw). -#}

{{ config(**incremental_by_base_rows('base_labelbox__export_v2', 'labelbox', 'export_v2')) }}

with

labels as (
    {{ labelbox_labels_unnested() }}
),

reviews as (
    select
        labels.vendor,
        labels.label_id,
        labels.project_id,
        labels.data_row_id,
        review.review_key as review_index,
        review.review_value as review_json,
        labels.source_file,
        labels.source_row,
        labels.source_loaded_at,
        labels.base_written_at
    from labels
    {{ json_each('labels.label_json', 'label_details.reviews', 'review') }}
    where review.review_key is not null
        and labels.label_id is not null
        and labels.label_id <> ''
),

extracted as (
    select
        vendor,
        label_id,
        {{ try_cast_integer('review_index') }} as review_index,
        project_id,
        data_row_id,
        {{ json_text('review_json', 'reviewed_by') }} as reviewed_by,
        {{ json_text('review_json', 'review_action') }} as review_action_raw,
        {{ json_text('review_json', 'reviewed_at') }} as reviewed_at_raw,
        source_file,
        source_row,
        source_loaded_at,
        base_written_at
    from reviews
),

renamed as (
    select
        vendor,
        label_id,
        review_index,
        project_id,
        data_row_id,
        reviewed_by,
        review_action_raw,
        {{ vocabulary_lookup('review_action_map', 'labelbox', 'review_action_raw', 'action_key', 'review_outcome') }}
            as review_outcome,
        {{ try_cast_timestamp('reviewed_at_raw') }} as reviewed_at,
        reviewed_at_raw,
        case
            when {{ unparseable('reviewed_at_raw', try_cast_timestamp('reviewed_at_raw')) }} then 'reviewed_at'
        end as invalid_fields,
        source_file,
        source_row,
        source_loaded_at,
        base_written_at
    from extracted
)

select * from renamed

{#- One row per review event, every vendor: whose work was reviewed, by whom, with what outcome
    (the per-vendor derivations are in int_review_events_unioned). Incremental by source file
    like its input (macros/config/incremental_by_key.sql). -#}
{{ config(**incremental_by_key(['int_review_events_unioned'], row_key_columns=['vendor', 'source_file'])) }}

with

review_events as (
    select * from {{ ref('int_review_events_unioned') }}
),

{{ changed_key_rows('review_events', ['int_review_events_unioned']) }},

final as (
    select
        review_event_id,
        vendor,
        project_id,
        item_id,
        {{ annotator_id('vendor', 'labeler_user_id') }} as labeler_id,
        {{ annotator_id('vendor', 'reviewer_user_id') }} as reviewer_id,
        review_outcome,
        reviewed_at,
        cast(reviewed_at as date) as reviewed_date,
        {{ pii('labeler_user_id') }} as labeler_user_id,
        {{ pii('reviewer_user_id') }} as reviewer_user_id,
        source_name,
        source_file,
        source_row
    from changed_key_rows
)

select * from final

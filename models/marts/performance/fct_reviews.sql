{#- One row per review event, every vendor: whose work was reviewed, by whom, with what outcome
    (the per-vendor derivations are in int_review_events_unioned). -#}
with

review_events as (
    select * from {{ ref('int_review_events_unioned') }}
),

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
    from review_events
)

select * from final

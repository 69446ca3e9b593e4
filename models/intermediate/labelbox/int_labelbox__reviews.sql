{#- Labelbox review events, one row per workflow_history Reject / Accept / Approve and per
    legacy label review (review_action_map); the labeler created the label
    int_labelbox__labels_as_of_actions gives the action (the latest created strictly before
    it), else, for a legacy review, the reviewed label's creator. -#}

with

workflow_history as (
    select * from {{ ref('stg_labelbox__workflow_history') }}
),

label_reviews as (
    select * from {{ ref('stg_labelbox__label_reviews') }}
),

labels as (
    select * from {{ ref('stg_labelbox__labels') }}
),

labels_as_of_actions as (
    select * from {{ ref('int_labelbox__labels_as_of_actions') }}
),

reviews as (
    select
        vendor,
        project_id,
        data_row_id as item_id,
        cast(null as {{ dbt.type_string() }}) as reviewed_label_creator,
        created_by as reviewer_user_id,
        review_outcome,
        created_at as reviewed_at,
        'workflow_history' as source_name,
        source_file,
        source_row,
        history_index as entry_index
    from workflow_history
    where review_outcome is not null

    union all

    select
        label_reviews.vendor,
        label_reviews.project_id,
        label_reviews.data_row_id as item_id,
        labels.created_by as reviewed_label_creator,
        label_reviews.reviewed_by as reviewer_user_id,
        label_reviews.review_outcome,
        label_reviews.reviewed_at,
        'label_reviews' as source_name,
        label_reviews.source_file,
        label_reviews.source_row,
        label_reviews.review_index as entry_index
    from label_reviews
    left join labels
        on label_reviews.label_id = labels.label_id
            and label_reviews.project_id = labels.project_id
            and label_reviews.data_row_id = labels.data_row_id
    where label_reviews.review_outcome is not null
),

reviews_with_label as (
    select
        reviews.*,
        labels_as_of_actions.label_created_by as latest_label_creator
    from reviews
    left join labels_as_of_actions
        on reviews.source_name = labels_as_of_actions.source_name
            and reviews.source_file = labels_as_of_actions.source_file
            and reviews.source_row = labels_as_of_actions.source_row
            and reviews.project_id = labels_as_of_actions.project_id
            and reviews.entry_index = labels_as_of_actions.entry_index
),

final as (
    select
        vendor,
        project_id,
        item_id,
        coalesce(latest_label_creator, reviewed_label_creator) as labeler_user_id,
        reviewer_user_id,
        review_outcome,
        reviewed_at,
        source_name,
        source_file,
        source_row,
        entry_index
    from reviews_with_label
)

select * from final

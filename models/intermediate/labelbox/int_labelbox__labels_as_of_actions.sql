{#- One row per Labelbox review action, with the label the data row held at that moment: the
    latest label of the data row in the project created strictly before the action (a later
    created_at wins, then the greater label ID). A label created in the same second as the
    action (the timestamps are equal as exported) does not count: Labelbox stamps an action
    when it is done and a review acts on a label already submitted, and the generator's truth
    (a review's labeler made the latest label created before the review) agrees. Both the
    review steps' seconds (int_workflow_steps_unioned) and the reviews' labeler
    (int_review_events_unioned) read this one rule. Actions:
    - workflow_history entries with a review outcome (Approve, Accept, Reject);
    - legacy label reviews (label_details.reviews[]) with a review outcome.
    An action with no label before it keeps NULL label columns. -#}

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

actions as (
    select
        vendor,
        project_id,
        data_row_id,
        'workflow_history' as source_name,
        source_file,
        source_row,
        history_index as entry_index,
        created_at as acted_at
    from workflow_history
    where review_outcome is not null

    union all

    select
        vendor,
        project_id,
        data_row_id,
        'label_reviews' as source_name,
        source_file,
        source_row,
        review_index as entry_index,
        reviewed_at as acted_at
    from label_reviews
    where review_outcome is not null
),

labels_ranked as (
    select
        actions.vendor,
        actions.project_id,
        actions.data_row_id,
        actions.source_name,
        actions.source_file,
        actions.source_row,
        actions.entry_index,
        actions.acted_at,
        labels.label_id,
        labels.created_by as label_created_by,
        labels.created_at as label_created_at,
        labels.seconds_to_review,
        row_number() over (
            partition by
                actions.source_name,
                actions.source_file,
                actions.source_row,
                actions.project_id,
                actions.entry_index
            order by labels.created_at desc, labels.label_id desc
        ) as label_rank
    from actions
    left join labels
        on actions.project_id = labels.project_id
            and actions.data_row_id = labels.data_row_id
            and actions.acted_at > labels.created_at
),

final as (
    select
        vendor,
        project_id,
        data_row_id,
        source_name,
        source_file,
        source_row,
        entry_index,
        acted_at,
        label_id,
        label_created_by,
        label_created_at,
        seconds_to_review
    from labels_ranked
    where label_rank = 1
)

select * from final

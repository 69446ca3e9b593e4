{#- Every vendor's review events, one row per event, each with the vendor user whose work was
    reviewed (labeler) and the reviewer, as the vendors write them:
    - SuperAnnotate: Quality Check -> Returned (reject) / Completed (approve); the labeler made
      the item's latest transition into Quality Check before it.
    - Labelbox: workflow_history Reject / Accept / Approve and the legacy label reviews; the
      labeler created the label int_labelbox__labels_as_of_actions gives the action (the
      latest created strictly before it), else the legacy review's own label.
    - CrowdAI: review and final-review rows rejected / submitted; the labeler is the annotator
      of the task's image_boxing row.
    - Dataloop: task status log `approved` entries and annotations marked `issue` (dated by
      their updatedAt); the labeler created the item's latest `completed` entry before, else
      the item's first annotation. -#}
with

superannotate_status_changes as (
    select * from {{ ref('stg_superannotate__status_changes') }}
),

labelbox_workflow_history as (
    select * from {{ ref('stg_labelbox__workflow_history') }}
),

labelbox_label_reviews as (
    select * from {{ ref('stg_labelbox__label_reviews') }}
),

labelbox_labels as (
    select * from {{ ref('stg_labelbox__labels') }}
),

labelbox_labels_as_of_actions as (
    select * from {{ ref('int_labelbox__labels_as_of_actions') }}
),

crowdai_workflow_phases as (
    select * from {{ ref('stg_crowdai__workflow_phases') }}
),

dataloop_task_status_entries as (
    select * from {{ ref('int_dataloop__task_status_entries') }}
),

dataloop_annotations as (
    select * from {{ ref('int_dataloop__annotations') }}
),

-- SuperAnnotate ------------------------------------------------------------------------------

superannotate_reviews as (
    select
        vendor,
        project_id,
        item_id,
        changed_at as reviewed_at,
        user_id as reviewer_user_id,
        case to_status when 'done' then 'approve' else 'reject' end as review_outcome,
        'status_changes' as source_name,
        source_file,
        source_row,
        cast(0 as {{ dbt.type_int() }}) as entry_index
    from superannotate_status_changes
    where from_status = 'in_review' and to_status in ('done', 'in_rework')
),

superannotate_submissions as (
    select
        project_id,
        item_id,
        changed_at,
        user_id
    from superannotate_status_changes
    where to_status = 'in_review' and from_status <> 'in_review'
),

superannotate_reviews_with_submitter as (
    select
        superannotate_reviews.*,
        superannotate_submissions.user_id as labeler_user_id,
        row_number() over (
            partition by
                superannotate_reviews.source_file,
                superannotate_reviews.source_row
            order by superannotate_submissions.changed_at desc, superannotate_submissions.user_id asc
        ) as submission_rank
    from superannotate_reviews
    left join superannotate_submissions
        on superannotate_reviews.project_id = superannotate_submissions.project_id
            and superannotate_reviews.item_id = superannotate_submissions.item_id
            and superannotate_reviews.reviewed_at >= superannotate_submissions.changed_at
),

superannotate_review_events as (
    select
        vendor,
        project_id,
        item_id,
        labeler_user_id,
        reviewer_user_id,
        review_outcome,
        reviewed_at,
        source_name,
        source_file,
        source_row,
        entry_index
    from superannotate_reviews_with_submitter
    where submission_rank = 1
),

-- Labelbox -----------------------------------------------------------------------------------

labelbox_reviews as (
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
    from labelbox_workflow_history
    where review_outcome is not null

    union all

    select
        labelbox_label_reviews.vendor,
        labelbox_label_reviews.project_id,
        labelbox_label_reviews.data_row_id as item_id,
        labelbox_labels.created_by as reviewed_label_creator,
        labelbox_label_reviews.reviewed_by as reviewer_user_id,
        labelbox_label_reviews.review_outcome,
        labelbox_label_reviews.reviewed_at,
        'label_reviews' as source_name,
        labelbox_label_reviews.source_file,
        labelbox_label_reviews.source_row,
        labelbox_label_reviews.review_index as entry_index
    from labelbox_label_reviews
    left join labelbox_labels
        on labelbox_label_reviews.label_id = labelbox_labels.label_id
            and labelbox_label_reviews.project_id = labelbox_labels.project_id
            and labelbox_label_reviews.data_row_id = labelbox_labels.data_row_id
    where labelbox_label_reviews.review_outcome is not null
),

labelbox_reviews_with_label as (
    select
        labelbox_reviews.*,
        labelbox_labels_as_of_actions.label_created_by as latest_label_creator
    from labelbox_reviews
    left join labelbox_labels_as_of_actions
        on labelbox_reviews.source_name = labelbox_labels_as_of_actions.source_name
            and labelbox_reviews.source_file = labelbox_labels_as_of_actions.source_file
            and labelbox_reviews.source_row = labelbox_labels_as_of_actions.source_row
            and labelbox_reviews.project_id = labelbox_labels_as_of_actions.project_id
            and labelbox_reviews.entry_index = labelbox_labels_as_of_actions.entry_index
),

labelbox_review_events as (
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
    from labelbox_reviews_with_label
),

-- CrowdAI ------------------------------------------------------------------------------------

crowdai_labeling_rows as (
    select
        project_id,
        media_id,
        annotator_id as labeler_user_id,
        row_number() over (
            partition by project_id, media_id
            order by completed_at desc, workflow_id desc
        ) as labeling_rank
    from crowdai_workflow_phases
    where phase = 'annotate'
),

crowdai_review_events as (
    select
        crowdai_workflow_phases.vendor,
        crowdai_workflow_phases.project_id,
        crowdai_workflow_phases.media_id as item_id,
        crowdai_labeling_rows.labeler_user_id,
        crowdai_workflow_phases.annotator_id as reviewer_user_id,
        crowdai_workflow_phases.review_outcome,
        crowdai_workflow_phases.completed_at as reviewed_at,
        'annotation_csv' as source_name,
        crowdai_workflow_phases.source_file,
        crowdai_workflow_phases.source_row,
        cast(0 as {{ dbt.type_int() }}) as entry_index
    from crowdai_workflow_phases
    left join crowdai_labeling_rows
        on crowdai_workflow_phases.project_id = crowdai_labeling_rows.project_id
            and crowdai_workflow_phases.media_id = crowdai_labeling_rows.media_id
            and crowdai_labeling_rows.labeling_rank = 1
    where
        crowdai_workflow_phases.phase in ('review', 'final_review')
        and crowdai_workflow_phases.review_outcome is not null
),

-- Dataloop -----------------------------------------------------------------------------------

dataloop_reviews as (
    select
        vendor,
        project_id,
        item_id,
        creator as reviewer_user_id,
        review_outcome,
        changed_at as reviewed_at,
        'task_status_log' as source_name,
        source_file,
        source_row,
        entry_sequence as entry_index
    from dataloop_task_status_entries
    where action = 'create' and review_outcome = 'approve'

    union all

    select
        vendor,
        project_id,
        item_id,
        updated_by as reviewer_user_id,
        'reject' as review_outcome,
        updated_at as reviewed_at,
        'annotations' as source_name,
        source_file,
        source_row,
        annotation_position as entry_index
    from dataloop_annotations
    where annotation_status = 'issue'
),

dataloop_completions as (
    select
        item_id,
        creator,
        changed_at
    from dataloop_task_status_entries
    where action = 'create' and status_raw = 'completed'
),

dataloop_first_annotators as (
    select
        item_id,
        creator,
        row_number() over (
            partition by item_id order by created_at, annotation_position
        ) as annotation_rank
    from dataloop_annotations
),

dataloop_reviews_with_completion as (
    select
        dataloop_reviews.*,
        dataloop_completions.creator as completed_by,
        row_number() over (
            partition by
                dataloop_reviews.source_name,
                dataloop_reviews.source_file,
                dataloop_reviews.source_row,
                dataloop_reviews.item_id,
                dataloop_reviews.entry_index
            order by dataloop_completions.changed_at desc
        ) as completion_rank
    from dataloop_reviews
    left join dataloop_completions
        on dataloop_reviews.item_id = dataloop_completions.item_id
            and dataloop_reviews.reviewed_at > dataloop_completions.changed_at
),

dataloop_review_events as (
    select
        dataloop_reviews_with_completion.vendor,
        dataloop_reviews_with_completion.project_id,
        dataloop_reviews_with_completion.item_id,
        coalesce(
            dataloop_reviews_with_completion.completed_by, dataloop_first_annotators.creator
        ) as labeler_user_id,
        dataloop_reviews_with_completion.reviewer_user_id,
        dataloop_reviews_with_completion.review_outcome,
        dataloop_reviews_with_completion.reviewed_at,
        dataloop_reviews_with_completion.source_name,
        dataloop_reviews_with_completion.source_file,
        dataloop_reviews_with_completion.source_row,
        dataloop_reviews_with_completion.entry_index
    from dataloop_reviews_with_completion
    left join dataloop_first_annotators
        on dataloop_reviews_with_completion.item_id = dataloop_first_annotators.item_id
            and dataloop_first_annotators.annotation_rank = 1
    where dataloop_reviews_with_completion.completion_rank = 1
),

-- All vendors --------------------------------------------------------------------------------

unioned as (
    select * from superannotate_review_events
    union all
    select * from labelbox_review_events
    union all
    select * from crowdai_review_events
    union all
    select * from dataloop_review_events
),

final as (
    select
        {{ surrogate_key(['vendor', 'source_name', 'source_file', 'source_row', 'project_id', 'entry_index']) }}
            as review_event_id,
        vendor,
        project_id,
        item_id,
        labeler_user_id,
        reviewer_user_id,
        review_outcome,
        reviewed_at,
        source_name,
        source_file,
        source_row,
        entry_index
    from unioned
)

select * from final

{#- Dataloop review events: taskStatusLog `create` entries `approved` (approve) and
    annotations marked `issue` (reject, dated by their updatedAt, by their updatedBy); the
    labeler created the item's latest `completed` entry before the review, else the item's
    first annotation. The project is the item's (int_dataloop__task_status_entries,
    int_dataloop__annotations). -#}

with

task_status_entries as {{ inlined_cte() }} (
    select * from {{ ref('int_dataloop__task_status_entries') }}
),

annotations as {{ inlined_cte() }} (
    select * from {{ ref('int_dataloop__annotations') }}
),

reviews as (
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
    from task_status_entries
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
    from annotations
    where annotation_status = 'issue'
),

completions as (
    select
        item_id,
        creator,
        changed_at
    from task_status_entries
    where action = 'create' and status_raw = 'completed'
),

first_annotators as (
    select
        item_id,
        creator,
        row_number() over (
            partition by item_id order by created_at, annotation_position
        ) as annotation_rank
    from annotations
),

reviews_with_completion as (
    select
        reviews.*,
        completions.creator as completed_by,
        row_number() over (
            partition by
                reviews.source_name,
                reviews.source_file,
                reviews.source_row,
                reviews.item_id,
                reviews.entry_index
            order by completions.changed_at desc
        ) as completion_rank
    from reviews
    left join completions
        on reviews.item_id = completions.item_id
            and reviews.reviewed_at > completions.changed_at
),

final as (
    select
        reviews_with_completion.vendor,
        reviews_with_completion.project_id,
        reviews_with_completion.item_id,
        coalesce(
            reviews_with_completion.completed_by, first_annotators.creator
        ) as labeler_user_id,
        reviews_with_completion.reviewer_user_id,
        reviews_with_completion.review_outcome,
        reviews_with_completion.reviewed_at,
        reviews_with_completion.source_name,
        reviews_with_completion.source_file,
        reviews_with_completion.source_row,
        reviews_with_completion.entry_index
    from reviews_with_completion
    left join first_annotators
        on reviews_with_completion.item_id = first_annotators.item_id
            and first_annotators.annotation_rank = 1
    where reviews_with_completion.completion_rank = 1
)

select * from final

{#- SuperAnnotate review events, one row per Quality Check -> Returned (reject) or Quality
    Check -> Completed (approve) change; the labeler made the item's latest transition into
    Quality Check at or before it (ties: the smaller user ID). -#}

with

status_changes as {{ inlined_cte() }} (
    select * from {{ ref('stg_superannotate__status_changes') }}
),

reviews as (
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
    from status_changes
    where from_status = 'in_review' and to_status in ('done', 'in_rework')
),

submissions as (
    select
        project_id,
        item_id,
        changed_at,
        user_id
    from status_changes
    where to_status = 'in_review' and from_status <> 'in_review'
),

reviews_with_submitter as (
    select
        reviews.*,
        submissions.user_id as labeler_user_id,
        row_number() over (
            partition by
                reviews.source_file,
                reviews.source_row
            order by submissions.changed_at desc, submissions.user_id asc
        ) as submission_rank
    from reviews
    left join submissions
        on reviews.project_id = submissions.project_id
            and reviews.item_id = submissions.item_id
            and reviews.reviewed_at >= submissions.changed_at
),

final as (
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
    from reviews_with_submitter
    where submission_rank = 1
)

select * from final

{#- One row per reviewed item of a labeler - (vendor, project, item, labeler) with at least one
    review event in fct_reviews, over the whole review history - with its first and last review
    and its review events: the cohort the first-pass approval rate counts, dated by the first
    review. An item passed review the first time when it was approved at least once and never
    rejected (rejected-then-approved and approved-then-rejected are not first pass). Review
    events whose labeler is unknown are left out, as in fct_annotator_performance. -#}
with

reviews as (
    select * from {{ ref('fct_reviews') }}
),

reviewed_items as (
    select
        vendor,
        project_id,
        item_id,
        labeler_id,
        count(*) as review_events,
        sum(case when review_outcome = 'approve' then 1 else 0 end) as approve_events,
        sum(case when review_outcome = 'reject' then 1 else 0 end) as rejection_events,
        min(reviewed_at) as first_reviewed_at,
        max(reviewed_at) as last_reviewed_at
    from reviews
    where labeler_id is not null
    group by 1, 2, 3, 4
),

final as (
    select
        {{ surrogate_key(['vendor', 'project_id', 'item_id', 'labeler_id']) }} as reviewed_item_id,
        vendor,
        project_id,
        item_id,
        labeler_id,
        cast(review_events as {{ dbt.type_bigint() }}) as review_events,
        cast(approve_events as {{ dbt.type_bigint() }}) as approve_events,
        cast(rejection_events as {{ dbt.type_bigint() }}) as rejection_events,
        approve_events > 0 and rejection_events = 0 as is_first_pass_approved,
        first_reviewed_at,
        last_reviewed_at,
        cast(first_reviewed_at as date) as first_reviewed_date,
        cast(last_reviewed_at as date) as last_reviewed_date
    from reviewed_items
)

select * from final

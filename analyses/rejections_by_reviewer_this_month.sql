-- What did review reject this month, and who rejected it?
with

reviews as (
    select * from {{ ref('fct_reviews') }}
),

annotators as (
    select * from {{ ref('dim_annotators') }}
),

this_month as (
    select *
    from reviews
    where reviewed_at >= {{ dbt.date_trunc('month', "cast('" ~ as_of_date() ~ "' as timestamp)") }}
),

final as (
    select
        this_month.vendor,
        this_month.project_id,
        coalesce(reviewers.display_name, reviewers.vendor_user_id) as reviewer,
        count(*) as reviews,
        sum(case when this_month.review_outcome = 'reject' then 1 else 0 end) as rejections,
        sum(case when this_month.review_outcome = 'reject' then 1 else 0 end) * 1.0 / count(*) as rejection_share,
        count(distinct case when this_month.review_outcome = 'reject' then this_month.labeler_id end)
            as labelers_rejected
    from this_month
    left join annotators as reviewers on this_month.reviewer_id = reviewers.annotator_id
    group by 1, 2, 3
)

select * from final
order by rejections desc

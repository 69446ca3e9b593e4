{#- Time spent on each CrowdAI media over its whole history: the TimeSecs of its workflow
    steps (int_crowdai__workflow_steps) in the annotate phase (labeling) and in the review
    and final-review phases (review). -#}

with

workflow_steps as (
    select * from {{ ref('int_crowdai__workflow_steps') }}
),

final as (
    select
        vendor,
        project_id,
        media_id as item_id,
        sum(case when phase = 'annotate' then work_seconds end) as annotation_seconds,
        sum(case when phase in ('review', 'final_review') then work_seconds end) as review_seconds
    from workflow_steps
    group by 1, 2, 3
)

select * from final

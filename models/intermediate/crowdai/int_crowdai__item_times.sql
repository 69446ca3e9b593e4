{#- Time spent on each CrowdAI media over its whole history: the TimeSecs of the task's
    annotate-phase rows (labeling) and of its review and final-review rows (review). -#}

with

workflow_phases as (
    select * from {{ ref('stg_crowdai__workflow_phases') }}
),

final as (
    select
        vendor,
        project_id,
        media_id as item_id,
        sum(case when phase = 'annotate' then work_seconds end) as annotation_seconds,
        sum(case when phase in ('review', 'final_review') then work_seconds end) as review_seconds
    from workflow_phases
    group by 1, 2, 3
)

select * from final

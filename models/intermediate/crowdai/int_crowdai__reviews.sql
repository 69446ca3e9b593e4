{#- CrowdAI review events, one row per review or final-review phase row with a review
    outcome (rejected / submitted), dated by Completed At; the labeler is the annotator of the
    task's latest image_boxing (annotate) row. -#}

with

workflow_phases as {{ inlined_cte() }} (
    select * from {{ ref('stg_crowdai__workflow_phases') }}
),

labeling_rows as (
    select
        project_id,
        media_id,
        annotator_id as labeler_user_id,
        row_number() over (
            partition by project_id, media_id
            order by completed_at desc, workflow_id desc
        ) as labeling_rank
    from workflow_phases
    where phase = 'annotate'
),

final as (
    select
        workflow_phases.vendor,
        workflow_phases.project_id,
        workflow_phases.media_id as item_id,
        labeling_rows.labeler_user_id,
        workflow_phases.annotator_id as reviewer_user_id,
        workflow_phases.review_outcome,
        workflow_phases.completed_at as reviewed_at,
        'annotation_csv' as source_name,
        workflow_phases.source_file,
        workflow_phases.source_row,
        cast(0 as {{ dbt.type_int() }}) as entry_index
    from workflow_phases
    left join labeling_rows
        on workflow_phases.project_id = labeling_rows.project_id
            and workflow_phases.media_id = labeling_rows.media_id
            and labeling_rows.labeling_rank = 1
    where
        workflow_phases.phase in ('review', 'final_review')
        and workflow_phases.review_outcome is not null
)

select * from final

{#- Every trace of a CrowdAI user, one row per workflow phase row: labeling for the annotate
    phase, review otherwise, at Completed At (NULL for rows not yet completed). -#}

with

workflow_phases as (
    select * from {{ ref('stg_crowdai__workflow_phases') }}
),

final as (
    select
        vendor,
        project_id,
        media_id as item_id,
        annotator_id as user_id,
        case when phase = 'annotate' then 'label' else 'review' end as activity_type,
        completed_at as activity_at,
        'instant' as activity_granularity,
        {{ surrogate_key(["'phase'", 'source_file', 'source_row']) }} as activity_key
    from workflow_phases
)

select * from final

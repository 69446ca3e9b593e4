{#- Every trace of a CrowdAI user, one row per workflow phase row: labeling for the annotate
    phase, review otherwise, at Completed At (NULL for rows not yet completed). -#}
{#- A view: its one reader, int_annotator_activities_unioned, hashes it whole every run; a
    table would also be written whole every run. -#}
{{ config(materialized='view') }}

with

workflow_phases as (
    select * from {{ ref('stg_crowdai__workflow_phases') }}
),

final as (

    {{ activity_rows(
        'workflow_phases', "case when phase = 'annotate' then 'label' else 'review' end", 'completed_at',
        'phase', ['source_file', 'source_row'], user_id='annotator_id', item_id='media_id',
    ) }}
)

select * from final

{#- Every trace of a Labelbox user, one row per source record and role: labels by their
    creator, workflow history entries by their actor. -#}
{#- A view: its one reader, int_annotator_activities_unioned, hashes it whole every run; a
    table would also be written whole every run. -#}
{{ config(materialized='view') }}

with

labels as (
    select * from {{ ref('stg_labelbox__labels') }}
),

workflow_history as (
    select * from {{ ref('stg_labelbox__workflow_history') }}
),

final as (

    {{ activity_rows(
        'labels', "'label'", 'created_at',
        'label', ['label_id'], user_id='created_by', item_id='data_row_id',
    ) }}

    union all

    {{ activity_rows(
        'workflow_history', "'status_change'", 'created_at',
        'history', ['source_file', 'source_row', 'project_id', 'history_index'],
        user_id='created_by', item_id='data_row_id',
    ) }}
)

select * from final

{#- Every trace of a SuperAnnotate user, one row per source record and role: status changes,
    editor hours (their first and last samples: every period the marts count in is whole
    hours, and the user's first and last activity stay exact), and annotation instances by
    creator and by last updater. -#}
{#- A view: its one reader, int_annotator_activities_unioned, hashes it whole every run; a
    table would also be written whole every run. -#}
{{ config(materialized='view') }}

with

status_changes as (
    select * from {{ ref('stg_superannotate__status_changes') }}
),

editor_hours as {{ inlined_cte() }} (
    select * from {{ ref('int_editor_time_hourly') }}
),

annotation_objects as {{ inlined_cte() }} (
    select * from {{ ref('int_superannotate__annotation_objects') }}
),

final as (

    {{ activity_rows(
        'status_changes', "'status_change'", 'changed_at',
        'status_change', ['source_file', 'source_row'],
    ) }}

    union all

    {{ activity_rows(
        'editor_hours', "'editor_sample'", 'first_sampled_at',
        'editor_first', ['project_id', 'user_id', 'item_id', 'activity_hour'],
    ) }}

    union all

    {{ activity_rows(
        'editor_hours', "'editor_sample'", 'last_sampled_at',
        'editor_last', ['project_id', 'user_id', 'item_id', 'activity_hour'],
        where='last_sampled_at > first_sampled_at',
    ) }}

    union all

    {{ activity_rows(
        'annotation_objects', "'label'", 'created_at',
        'created', ['project_id', 'item_id', 'instance_index'], user_id='created_by',
    ) }}

    union all

    {{ activity_rows(
        'annotation_objects', "'label'", 'updated_at',
        'updated', ['project_id', 'item_id', 'instance_index'], user_id='updated_by',
    ) }}
)

select * from final

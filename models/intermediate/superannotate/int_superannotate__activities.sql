{#- Every trace of a SuperAnnotate user, one row per source record and role: status changes,
    editor hours (their first and last samples: every period the marts count in is whole
    hours, and the user's first and last activity stay exact), and annotation instances by
    creator and by last updater. -#}

with

status_changes as (
    select * from {{ ref('stg_superannotate__status_changes') }}
),

editor_hours as (
    select * from {{ ref('int_editor_time_hourly') }}
),

annotation_objects as (
    select * from {{ ref('int_superannotate__annotation_objects') }}
),

final as (
    select
        vendor,
        project_id,
        item_id,
        user_id,
        'status_change' as activity_type,
        changed_at as activity_at,
        'instant' as activity_granularity,
        {{ surrogate_key(["'status_change'", 'source_file', 'source_row']) }} as activity_key
    from status_changes

    union all

    select
        vendor,
        project_id,
        item_id,
        user_id,
        'editor_sample' as activity_type,
        first_sampled_at as activity_at,
        'instant' as activity_granularity,
        {{ surrogate_key(["'editor_first'", 'project_id', 'user_id', 'item_id', 'activity_hour']) }} as activity_key
    from editor_hours

    union all

    select
        vendor,
        project_id,
        item_id,
        user_id,
        'editor_sample' as activity_type,
        last_sampled_at as activity_at,
        'instant' as activity_granularity,
        {{ surrogate_key(["'editor_last'", 'project_id', 'user_id', 'item_id', 'activity_hour']) }} as activity_key
    from editor_hours
    where last_sampled_at > first_sampled_at

    union all

    select
        vendor,
        project_id,
        item_id,
        created_by as user_id,
        'label' as activity_type,
        created_at as activity_at,
        'instant' as activity_granularity,
        {{ surrogate_key(["'created'", 'project_id', 'item_id', 'instance_index']) }} as activity_key
    from annotation_objects

    union all

    select
        vendor,
        project_id,
        item_id,
        updated_by as user_id,
        'label' as activity_type,
        updated_at as activity_at,
        'instant' as activity_granularity,
        {{ surrogate_key(["'updated'", 'project_id', 'item_id', 'instance_index']) }} as activity_key
    from annotation_objects
)

select * from final

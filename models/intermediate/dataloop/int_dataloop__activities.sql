{#- Every trace of a Dataloop user, one row per source record and role: annotations by their
    creator, taskStatusLog entries by their creator, activeUsers buckets (at the bucket's
    start, with its granularity) and the analytics duration rows (no time of their own). -#}

with

annotations as (
    select * from {{ ref('int_dataloop__annotations') }}
),

task_status_entries as (
    select * from {{ ref('int_dataloop__task_status_entries') }}
),

active_users as (
    select * from {{ ref('stg_dataloop__active_users') }}
),

item_annotation_durations as (
    select * from {{ ref('stg_dataloop__item_annotation_durations') }}
),

user_activity_times as (
    select * from {{ ref('stg_dataloop__user_activity_times') }}
),

final as (
    select
        vendor,
        project_id,
        item_id,
        creator as user_id,
        'label' as activity_type,
        created_at as activity_at,
        'instant' as activity_granularity,
        {{ surrogate_key(["'annotation'", 'annotation_id']) }} as activity_key
    from annotations

    union all

    select
        vendor,
        project_id,
        item_id,
        creator as user_id,
        'status_change' as activity_type,
        changed_at as activity_at,
        'instant' as activity_granularity,
        {{ surrogate_key(["'log'", 'item_id', 'entry_sequence']) }} as activity_key
    from task_status_entries

    union all

    select
        vendor,
        project_id,
        cast(null as {{ dbt.type_string() }}) as item_id,
        user_id,
        'active_users' as activity_type,
        period_start as activity_at,
        granularity as activity_granularity,
        {{ surrogate_key(["'active_users'", 'source_file', 'source_row']) }} as activity_key
    from active_users

    union all

    select
        vendor,
        project_id,
        item_id,
        user_id,
        'analytics_duration' as activity_type,
        cast(null as {{ dbt.type_timestamp() }}) as activity_at,
        'instant' as activity_granularity,
        {{ surrogate_key(["'annotation_duration'", 'source_file', 'source_row']) }} as activity_key
    from item_annotation_durations

    union all

    select
        vendor,
        project_id,
        item_id,
        user_id,
        'analytics_duration' as activity_type,
        cast(null as {{ dbt.type_timestamp() }}) as activity_at,
        'instant' as activity_granularity,
        {{ surrogate_key(["'activity_time'", 'source_file', 'source_row']) }} as activity_key
    from user_activity_times
)

select * from final

{#- Dataloop editor working time per date, annotator and item: the `active` durations of
    userStatsActivityTimeByField (one row per task, item and user) added as they come. The
    rows carry no time of their own, and the request's window spans months, so a row is
    dated by the user's work on the item: the user's earliest taskStatusLog entry in that
    task on the item, else the user's earliest annotation on the item, else the last day of
    the request's window. Every date: the mart keeps the retention window. -#}

with

user_activity_times as (
    select * from {{ ref('stg_dataloop__user_activity_times') }}
),

task_status_entries as (
    select * from {{ ref('int_dataloop__task_status_entries') }}
),

annotations as (
    select * from {{ ref('int_dataloop__annotations') }}
),

task_entries as (
    select
        item_id,
        task_id,
        lower(creator) as user_key,
        min(changed_at) as first_entry_at
    from task_status_entries
    where creator is not null
    group by 1, 2, 3
),

user_annotations as (
    select
        item_id,
        lower(creator) as user_key,
        min(created_at) as first_annotation_at
    from annotations
    where creator is not null
    group by 1, 2
),

active_times as (
    select
        user_activity_times.vendor,
        user_activity_times.project_id,
        user_activity_times.item_id,
        user_activity_times.user_id,
        user_activity_times.duration_seconds,
        coalesce(
            cast(task_entries.first_entry_at as date),
            cast(user_annotations.first_annotation_at as date),
            cast({{ dbt.dateadd('day', -1, 'user_activity_times.window_end_at') }} as date)
        ) as activity_date
    from user_activity_times
    left join task_entries
        on user_activity_times.item_id = task_entries.item_id
            and user_activity_times.task_id = task_entries.task_id
            and lower(user_activity_times.user_id) = task_entries.user_key
    left join user_annotations
        on user_activity_times.item_id = user_annotations.item_id
            and lower(user_activity_times.user_id) = user_annotations.user_key
    where user_activity_times.is_active and user_activity_times.item_id is not null
),

final as (
    select
        activity_date,
        vendor,
        project_id,
        {{ annotator_id('vendor', 'user_id') }} as annotator_id,
        item_id,
        sum(duration_seconds) as active_seconds
    from active_times
    group by 1, 2, 3, 4, 5
)

select * from final

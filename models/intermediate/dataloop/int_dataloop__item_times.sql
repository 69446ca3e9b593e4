{#- Time spent on each Dataloop item over its whole history: its itemAnnotationDuration rows
    (labeling); review time = the active and idle time (userStatsActivityTimeByField) in the
    item's review tasks (int_dataloop__task_status_entries.is_review_task). -#}

with

item_annotation_durations as (
    select * from {{ ref('stg_dataloop__item_annotation_durations') }}
),

user_activity_times as (
    select * from {{ ref('stg_dataloop__user_activity_times') }}
),

task_status_entries as (
    select * from {{ ref('int_dataloop__task_status_entries') }}
),

review_tasks as (
    select distinct task_id
    from task_status_entries
    where is_review_task
),

item_times as (
    select
        vendor,
        project_id,
        item_id,
        duration_seconds as annotation_seconds,
        cast(null as {{ dbt.type_numeric() }}) as review_seconds
    from item_annotation_durations

    union all

    select
        user_activity_times.vendor,
        user_activity_times.project_id,
        user_activity_times.item_id,
        cast(null as {{ dbt.type_numeric() }}) as annotation_seconds,
        user_activity_times.duration_seconds as review_seconds
    from user_activity_times
    inner join review_tasks
        on user_activity_times.task_id = review_tasks.task_id
    where user_activity_times.item_id is not null
),

final as (
    select
        vendor,
        project_id,
        item_id,
        sum(annotation_seconds) as annotation_seconds,
        sum(review_seconds) as review_seconds
    from item_times
    group by 1, 2, 3
)

select * from final

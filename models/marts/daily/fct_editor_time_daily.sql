{#- Editor working time per date, annotator and item, inside the retention window.
    - SuperAnnotate: the credited gaps of int_editor_samples_sessionized (a gap belongs to its
      first sample's date), read through their hourly sums (int_editor_time_hourly);
      sample_count = the distinct samples of that date.
    - Dataloop: the `active` durations of userStatsActivityTimeByField (one row per task, item
      and user) added as they come. The rows carry no time of their own, and the request's
      window spans months, so a row is dated by the user's work on the item: the user's
      earliest taskStatusLog entry in that task on the item, else the user's earliest
      annotation on the item, else the last day of the request's window. sample_count is NULL
      (Dataloop reports durations, not samples). -#}
with

editor_hours as (
    select * from {{ ref('int_editor_time_hourly') }}
),

dataloop_user_activity_times as (
    select * from {{ ref('stg_dataloop__user_activity_times') }}
),

dataloop_task_status_log as (
    select * from {{ ref('stg_dataloop__task_status_log') }}
),

dataloop_annotations as (
    select * from {{ ref('stg_dataloop__annotations') }}
),

superannotate_daily as (
    select
        activity_date,
        vendor,
        project_id,
        annotator_id,
        item_id,
        sum(active_seconds) as active_seconds,
        cast(sum(sample_count) as {{ dbt.type_bigint() }}) as sample_count
    from editor_hours
    where activity_date between cast('{{ window_start_date() }}' as date) and cast('{{ as_of_date() }}' as date)
    group by 1, 2, 3, 4, 5
),

dataloop_task_entries as (
    select
        item_id,
        task_id,
        lower(creator) as user_key,
        min(changed_at) as first_entry_at
    from dataloop_task_status_log
    where creator is not null
    group by 1, 2, 3
),

dataloop_user_annotations as (
    select
        item_id,
        lower(creator) as user_key,
        min(created_at) as first_annotation_at
    from dataloop_annotations
    where creator is not null
    group by 1, 2
),

dataloop_active_times as (
    select
        dataloop_user_activity_times.vendor,
        dataloop_user_activity_times.project_id,
        dataloop_user_activity_times.item_id,
        dataloop_user_activity_times.user_id,
        dataloop_user_activity_times.duration_seconds,
        coalesce(
            cast(dataloop_task_entries.first_entry_at as date),
            cast(dataloop_user_annotations.first_annotation_at as date),
            cast({{ dbt.dateadd('day', -1, 'dataloop_user_activity_times.window_end_at') }} as date)
        ) as activity_date
    from dataloop_user_activity_times
    left join dataloop_task_entries
        on dataloop_user_activity_times.item_id = dataloop_task_entries.item_id
            and dataloop_user_activity_times.task_id = dataloop_task_entries.task_id
            and lower(dataloop_user_activity_times.user_id) = dataloop_task_entries.user_key
    left join dataloop_user_annotations
        on dataloop_user_activity_times.item_id = dataloop_user_annotations.item_id
            and lower(dataloop_user_activity_times.user_id) = dataloop_user_annotations.user_key
    where dataloop_user_activity_times.is_active and dataloop_user_activity_times.item_id is not null
),

dataloop_daily as (
    select
        activity_date,
        vendor,
        project_id,
        {{ annotator_id('vendor', 'user_id') }} as annotator_id,
        item_id,
        sum(duration_seconds) as active_seconds,
        cast(null as {{ dbt.type_bigint() }}) as sample_count
    from dataloop_active_times
    group by 1, 2, 3, 4, 5
),

unioned as (
    select * from superannotate_daily
    union all
    select * from dataloop_daily
),

final as (
    select
        activity_date,
        vendor,
        project_id,
        annotator_id,
        item_id,
        active_seconds,
        sample_count
    from unioned
    where activity_date between cast('{{ window_start_date() }}' as date) and cast('{{ as_of_date() }}' as date)
)

select * from final

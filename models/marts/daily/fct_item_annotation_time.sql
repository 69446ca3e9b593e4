{#- Time spent on each item, every vendor, over its whole history, and the item's bucket of
    labeling time (edges from the time_buckets seed: lower edge included, upper excluded).
    - Labelbox: the item's labels' seconds_to_create (labeling) and seconds_to_review.
    - CrowdAI: TimeSecs of the task's annotate-phase rows (labeling) and of its review and
      final-review rows (review).
    - SuperAnnotate: editor time (int_editor_time_hourly: the gap rule); a user's time
      on the item is review time when the user changed the item's status only in the QA role,
      else labeling time.
    - Dataloop: itemAnnotationDuration rows of the item (labeling); review time = the active
      and idle time (userStatsActivityTimeByField) in the item's QA tasks, a QA task being one
      whose status log holds an approval.
    A sum over no reported durations is NULL. -#}
with

labelbox_labels as (
    select * from {{ ref('stg_labelbox__labels') }}
),

crowdai_workflow_phases as (
    select * from {{ ref('stg_crowdai__workflow_phases') }}
),

superannotate_editor_hours as (
    select * from {{ ref('int_editor_time_hourly') }}
),

superannotate_status_changes as (
    select * from {{ ref('stg_superannotate__status_changes') }}
),

dataloop_item_annotation_durations as (
    select * from {{ ref('stg_dataloop__item_annotation_durations') }}
),

dataloop_user_activity_times as (
    select * from {{ ref('stg_dataloop__user_activity_times') }}
),

dataloop_task_status_entries as (
    select * from {{ ref('int_dataloop__task_status_entries') }}
),

time_buckets as (
    select * from {{ ref('time_buckets') }}
),

labelbox_items as (
    select
        vendor,
        project_id,
        data_row_id as item_id,
        sum(seconds_to_create) as annotation_seconds,
        sum(seconds_to_review) as review_seconds
    from labelbox_labels
    group by 1, 2, 3
),

crowdai_items as (
    select
        vendor,
        project_id,
        media_id as item_id,
        sum(case when phase = 'annotate' then work_seconds end) as annotation_seconds,
        sum(case when phase in ('review', 'final_review') then work_seconds end) as review_seconds
    from crowdai_workflow_phases
    group by 1, 2, 3
),

superannotate_user_roles as (
    select
        project_id,
        item_id,
        user_id,
        max(case when actor_role = 'reviewer' then 1 else 0 end) as has_reviewer_changes,
        max(case when actor_role = 'reviewer' then 0 else 1 end) as has_other_changes
    from superannotate_status_changes
    group by 1, 2, 3
),

superannotate_user_time as (
    select
        superannotate_editor_hours.vendor,
        superannotate_editor_hours.project_id,
        superannotate_editor_hours.item_id,
        coalesce(
            superannotate_user_roles.has_reviewer_changes = 1
            and superannotate_user_roles.has_other_changes = 0,
            false
        ) as is_review_time,
        sum(superannotate_editor_hours.active_seconds) as editor_seconds
    from superannotate_editor_hours
    left join superannotate_user_roles
        on superannotate_editor_hours.project_id = superannotate_user_roles.project_id
            and superannotate_editor_hours.item_id = superannotate_user_roles.item_id
            and superannotate_editor_hours.user_id = superannotate_user_roles.user_id
    group by 1, 2, 3, 4
),

superannotate_items as (
    select
        vendor,
        project_id,
        item_id,
        sum(case when not is_review_time then editor_seconds end) as annotation_seconds,
        sum(case when is_review_time then editor_seconds end) as review_seconds
    from superannotate_user_time
    group by 1, 2, 3
),

dataloop_review_tasks as (
    select distinct task_id
    from dataloop_task_status_entries
    where is_review_task
),

dataloop_item_times as (
    select
        vendor,
        project_id,
        item_id,
        duration_seconds as annotation_seconds,
        cast(null as {{ dbt.type_numeric() }}) as review_seconds
    from dataloop_item_annotation_durations

    union all

    select
        dataloop_user_activity_times.vendor,
        dataloop_user_activity_times.project_id,
        dataloop_user_activity_times.item_id,
        cast(null as {{ dbt.type_numeric() }}) as annotation_seconds,
        dataloop_user_activity_times.duration_seconds as review_seconds
    from dataloop_user_activity_times
    inner join dataloop_review_tasks
        on dataloop_user_activity_times.task_id = dataloop_review_tasks.task_id
    where dataloop_user_activity_times.item_id is not null
),

dataloop_items as (
    select
        vendor,
        project_id,
        item_id,
        sum(annotation_seconds) as annotation_seconds,
        sum(review_seconds) as review_seconds
    from dataloop_item_times
    group by 1, 2, 3
),

items_unioned as (
    select * from labelbox_items
    union all
    select * from crowdai_items
    union all
    select * from superannotate_items
    union all
    select * from dataloop_items
),

final as (
    select
        items_unioned.vendor,
        items_unioned.project_id,
        items_unioned.item_id,
        items_unioned.annotation_seconds,
        items_unioned.review_seconds,
        time_buckets.time_bucket
    from items_unioned
    left join time_buckets
        on items_unioned.annotation_seconds >= time_buckets.lower_seconds
            and (
                items_unioned.annotation_seconds < time_buckets.upper_seconds
                or time_buckets.upper_seconds is null
            )
)

select * from final

{#- Time spent on each SuperAnnotate item over its whole history: editor time
    (int_editor_time_hourly, the gap rule); a user's time on the item is review time when the
    user changed the item's status only in the QA role, else labeling time. -#}

with

editor_hours as (
    select * from {{ ref('int_editor_time_hourly') }}
),

status_changes as (
    select * from {{ ref('stg_superannotate__status_changes') }}
),

user_roles as (
    select
        project_id,
        item_id,
        user_id,
        max(case when actor_role = 'reviewer' then 1 else 0 end) as has_reviewer_changes,
        max(case when actor_role = 'reviewer' then 0 else 1 end) as has_other_changes
    from status_changes
    group by 1, 2, 3
),

user_time as (
    select
        editor_hours.vendor,
        editor_hours.project_id,
        editor_hours.item_id,
        coalesce(
            user_roles.has_reviewer_changes = 1
            and user_roles.has_other_changes = 0,
            false
        ) as is_review_time,
        sum(editor_hours.active_seconds) as editor_seconds
    from editor_hours
    left join user_roles
        on editor_hours.project_id = user_roles.project_id
            and editor_hours.item_id = user_roles.item_id
            and editor_hours.user_id = user_roles.user_id
    group by 1, 2, 3, 4
),

final as (
    select
        vendor,
        project_id,
        item_id,
        sum(case when not is_review_time then editor_seconds end) as annotation_seconds,
        sum(case when is_review_time then editor_seconds end) as review_seconds
    from user_time
    group by 1, 2, 3
)

select * from final

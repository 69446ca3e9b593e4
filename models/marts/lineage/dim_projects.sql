{#- One row per vendor and project seen anywhere in the lineage (status transitions,
    workflow steps, Labelbox project memberships, Roboflow labeler statistics): its name
    (Labelbox's project name; CrowdAI's project is its name; else the ID), how many items and
    tasks it holds, how many transitions and steps it recorded, and its first and last
    activity (a transition or a completed step). Roboflow reports per-labeler totals only:
    its counts and activity times are NULL. -#}
with

transitions as {{ inlined_cte() }} (
    select * from {{ ref('int_status_transitions_unioned') }}
),

steps as {{ inlined_cte() }} (
    select * from {{ ref('int_workflow_steps_unioned') }}
),

labelbox_memberships as {{ inlined_cte() }} (
    select * from {{ ref('int_labelbox__project_data_rows') }}
),

roboflow_labeler_statistics as (
    select * from {{ ref('int_roboflow__labeler_statistics') }}
),

project_items as (
    select
        vendor,
        project_id,
        item_id
    from transitions
    union
    select
        vendor,
        project_id,
        media_id as item_id
    from steps
    union
    select
        vendor,
        project_id,
        data_row_id as item_id
    from labelbox_memberships
),

item_counts as (
    select
        vendor,
        project_id,
        count(distinct item_id) as item_count
    from project_items
    group by 1, 2
),

transition_counts as (
    select
        vendor,
        project_id,
        count(*) as transition_count,
        min(changed_at) as first_transition_at,
        max(changed_at) as last_transition_at
    from transitions
    group by 1, 2
),

step_counts as (
    select
        vendor,
        project_id,
        count(distinct task_id) as task_count,
        count(*) as step_count,
        min(completed_at) as first_step_at,
        max(completed_at) as last_step_at
    from steps
    group by 1, 2
),

labelbox_names as (
    select
        vendor,
        project_id,
        max(project_name) as project_name
    from labelbox_memberships
    group by 1, 2
),

roboflow_projects as (
    select distinct
        vendor,
        project_id
    from roboflow_labeler_statistics
    where project_id is not null
),

projects as (
    select
        vendor,
        project_id
    from item_counts
    union
    select
        vendor,
        project_id
    from roboflow_projects
),

final as (
    select
        projects.vendor,
        projects.project_id,
        coalesce(labelbox_names.project_name, projects.project_id) as project_name,
        item_counts.item_count,
        step_counts.task_count,
        case when projects.vendor <> 'roboflow' then coalesce(transition_counts.transition_count, 0) end
            as transition_count,
        case when projects.vendor <> 'roboflow' then coalesce(step_counts.step_count, 0) end as step_count,
        case
            when transition_counts.first_transition_at is null then step_counts.first_step_at
            when step_counts.first_step_at is null then transition_counts.first_transition_at
            when step_counts.first_step_at < transition_counts.first_transition_at then step_counts.first_step_at
            else transition_counts.first_transition_at
        end as first_activity_at,
        case
            when transition_counts.last_transition_at is null then step_counts.last_step_at
            when step_counts.last_step_at is null then transition_counts.last_transition_at
            when step_counts.last_step_at > transition_counts.last_transition_at then step_counts.last_step_at
            else transition_counts.last_transition_at
        end as last_activity_at
    from projects
    left join item_counts
        on projects.vendor = item_counts.vendor
            and projects.project_id = item_counts.project_id
    left join transition_counts
        on projects.vendor = transition_counts.vendor
            and projects.project_id = transition_counts.project_id
    left join step_counts
        on projects.vendor = step_counts.vendor
            and projects.project_id = step_counts.project_id
    left join labelbox_names
        on projects.vendor = labelbox_names.vendor
            and projects.project_id = labelbox_names.project_id
)

select * from final

{#- One row per entry of a Dataloop item's taskStatusLog (every action), with what the
    intermediate models need to know about it beyond the item export:
    - project_id: the item's project as int_dataloop_item_projects_derived derives it (the
      item's analytics rows, else its dataset's), else the dataset ID;
    - is_review_task: the entry's task is a review (QA) task, one whose log holds an approval
      (an entry whose status maps to review outcome `approve`) on any item;
    - is_in_qa_project: the project has a QA step - some `create` entry in it approves an
      item, or completes one that then moves on to another task (Dataloop's `completed` then
      means "sent to review", in_review, rather than done). -#}

with

task_status_log as {{ inlined_cte() }} (
    select * from {{ ref('stg_dataloop__task_status_log') }}
),

item_projects as (
    select * from {{ ref('int_dataloop_item_projects_derived') }}
),

review_tasks as (
    select
        task_id,
        max(case when review_outcome = 'approve' then 1 else 0 end) as has_approval
    from task_status_log
    where task_id is not null
    group by 1
),

entries_projected as (
    select
        task_status_log.*,
        coalesce(item_projects.project_id, task_status_log.dataset_id) as project_id,
        coalesce(review_tasks.has_approval = 1, false) as is_review_task
    from task_status_log
    left join item_projects
        on task_status_log.item_id = item_projects.item_id
    left join review_tasks
        on task_status_log.task_id = review_tasks.task_id
),

final as (
    select
        *,
        max(
            case
                when action <> 'create' then 0
                when review_outcome = 'approve' then 1
                when status_raw = 'completed' and is_followed_by_other_task then 1
                else 0
            end
        ) over (partition by project_id) = 1 as is_in_qa_project
    from entries_projected
)

select * from final

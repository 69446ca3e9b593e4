{#- Dataloop workflow steps, one row per taskStatusLog `create` entry (a task = Dataloop task
    + item, workflow_id = the assignment; project and review-task flag from
    int_dataloop__task_status_entries): an entry of a review task is a review step, any other
    an annotation step; status is the entry's canonical status. work_seconds: the user's
    annotation duration on the item (int_dataloop__user_item_durations), credited to that
    user's last annotation step on the item. -#}

with

task_status_entries as (
    select * from {{ ref('int_dataloop__task_status_entries') }}
),

user_item_durations as (
    select * from {{ ref('int_dataloop__user_item_durations') }}
),

entries as (
    select
        *,
        case when is_review_task then 'review' else 'annotate' end as phase
    from task_status_entries
    where action = 'create'
),

entries_ranked as (
    select
        *,
        row_number() over (
            partition by item_id, lower(creator), phase
            order by changed_at desc, entry_sequence desc
        ) as user_step_recency
    from entries
),

final as (
    select
        entries_ranked.vendor,
        entries_ranked.project_id,
        {{ dbt.concat(['entries_ranked.task_id', "'/'", 'entries_ranked.item_id']) }}
            as task_id,
        entries_ranked.item_id as media_id,
        entries_ranked.assignment_id as workflow_id,
        entries_ranked.phase,
        entries_ranked.status,
        entries_ranked.status_raw,
        entries_ranked.creator as annotator_user_id,
        entries_ranked.changed_at as completed_at,
        case
            when entries_ranked.phase = 'annotate' and entries_ranked.user_step_recency = 1
                then user_item_durations.duration_seconds
        end as work_seconds,
        entries_ranked.source_file,
        entries_ranked.source_row,
        cast(entries_ranked.log_position as {{ dbt.type_string() }}) as entry_index
    from entries_ranked
    left join user_item_durations
        on entries_ranked.item_id = user_item_durations.item_id
            and lower(entries_ranked.creator) = user_item_durations.user_key
)

select * from final

{#- Dataloop status changes as canonical transitions, one row per `create` entry of an
    item's taskStatusLog, from the status of the item's previous `create` entry
    (`not_started` before the first) to this entry's status; `completed` is `in_review` in a
    project with a QA step (is_in_qa_project) and `done` elsewhere; folder = dataset; the
    project as int_dataloop__task_status_entries derives it. An approval is a reviewer's, a
    completion an annotator's. -#}

with

task_status_entries as (
    select * from {{ ref('int_dataloop__task_status_entries') }}
),

entries_canonical as (
    select
        *,
        case
            when status_raw = 'completed' and is_in_qa_project then 'in_review'
            else status
        end as canonical_status
    from task_status_entries
    where action = 'create'
),

entries_ordered as (
    select
        *,
        lag(canonical_status) over (
            partition by item_id order by changed_at, entry_sequence
        ) as previous_status,
        lag(status_raw) over (
            partition by item_id order by changed_at, entry_sequence
        ) as previous_status_raw
    from entries_canonical
),

final as (
    select
        vendor,
        project_id,
        dataset_id as folder_id,
        item_id,
        coalesce(previous_status, 'not_started') as from_status,
        canonical_status as to_status,
        previous_status_raw as from_status_raw,
        status_raw as to_status_raw,
        changed_at,
        creator as changed_by_user_id,
        case
            when status_raw = 'approved' then 'reviewer'
            when status_raw = 'completed' then 'annotator'
        end as actor_role,
        source_file,
        source_row,
        cast(log_position as {{ dbt.type_string() }}) as entry_index,
        log_position as entry_order
    from entries_ordered
)

select * from final

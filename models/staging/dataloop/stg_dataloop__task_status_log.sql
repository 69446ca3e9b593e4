{#- One row per entry of an item's `metadata.system.taskStatusLog[]`: the item's status
    history within tasks. Entries are numbered by time (the array order breaks ties only).
    `completed` maps to `done` here; the marts' rule "completed -> in_review when a QA task
    follows" needs to know which task is a QA task, which the item export does not say:
    is_followed_by_other_task (a later entry of this item belongs to another task) gives the
    intermediate layer what the item itself can tell. -#}

{{ config(**incremental_by_base_rows('base_dataloop__items', 'dataloop', 'items')) }}

with

source as (
    select * from {{ base_rows(ref('base_dataloop__items')) }} as base_records
    where rejection_reason is null and not is_duplicate
),

entries_unnested as (
    select
        source.vendor,
        source.item_id,
        source.dataset_id,
        cast(log_entry.log_entry_key as bigint) + 1 as log_position,
        log_entry.log_entry_value as entry_json,
        source.source_file,
        source.source_row,
        source.source_loaded_at,
        source.base_written_at
    from source
    {{ json_each('source.item_metadata_json', 'system.taskStatusLog', 'log_entry') }}
),

extracted as (
    select
        vendor,
        item_id,
        dataset_id,
        log_position,
        lower(trim({{ json_text('entry_json', 'action') }})) as action,  -- noqa: RF04
        trim({{ json_text('entry_json', 'status.taskId') }}) as task_id,
        trim({{ json_text('entry_json', 'status.assignmentId') }}) as assignment_id,
        trim({{ json_text('entry_json', 'status.status') }}) as status_raw,
        trim({{ json_text('entry_json', 'status.creator') }}) as creator,
        {{ json_text('entry_json', 'status.timestamp') }} as changed_at_raw,
        source_file,
        source_row,
        source_loaded_at,
        base_written_at
    from entries_unnested
),

renamed as (
    select
        vendor,
        item_id,
        dataset_id,
        log_position,
        action,
        task_id,
        assignment_id,
        status_raw,
        {{ vocabulary_lookup('status_map', 'dataloop', 'status_raw', 'status_key', 'status', "'custom'") }}
            as status,
        {{ vocabulary_lookup('review_action_map', 'dataloop', 'status_raw', 'action_key', 'review_outcome') }}
            as review_outcome,
        creator,
        changed_at_raw,
        {{ try_cast_timestamp('changed_at_raw') }} as changed_at,
        source_file,
        source_row,
        source_loaded_at,
        base_written_at
    from extracted
),

sequenced as (
    select
        *,
        row_number() over (
            partition by item_id order by changed_at, log_position
        ) as entry_sequence
    from renamed
),

task_runs_marked as (
    select
        *,
        case
            when lag(task_id) over (partition by item_id order by entry_sequence) is null
                or lag(task_id) over (partition by item_id order by entry_sequence) <> task_id
                then 1
            else 0
        end as starts_task_run
    from sequenced
),

task_runs_numbered as (
    select
        *,
        sum(starts_task_run) over (
            partition by item_id order by entry_sequence rows between unbounded preceding and current row
        ) as task_run
    from task_runs_marked
),

final as (
    select
        vendor,
        item_id,
        entry_sequence,
        dataset_id,
        task_id,
        assignment_id,
        action,
        status_raw,
        status,
        review_outcome,
        creator,
        changed_at_raw,
        changed_at,
        {#- A later entry belongs to another task (a later run of consecutive same-task entries). -#}
        task_run < max(task_run) over (partition by item_id) as is_followed_by_other_task,
        log_position,
        source_file,
        source_row,
        source_loaded_at,
        base_written_at
    from task_runs_numbered
)

select * from final

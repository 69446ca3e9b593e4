{#- Every vendor's status changes as canonical transitions, one row per change.
    - SuperAnnotate: one row per status-change record (annotation_status telemetry).
    - Labelbox: one row per workflow_history entry, from its previous task's status to its
      next task's status; folder = the data row's batch in that project (project_memberships),
      the project itself when the data row is in no batch.
    - Dataloop: one row per `create` entry of an item's taskStatusLog, from the status of the
      item's previous `create` entry (`not_started` before the first) to this entry's status;
      `completed` is `in_review` in a project with a QA step (a project where some item was
      approved or moved on to another task after completion) and `done` elsewhere; folder =
      dataset. Project and QA-step flag come from int_dataloop__task_status_entries (the item
      JSON does not name the project).
    from_status is never NULL (not_started before an item's first recorded entry), so every
    transition leaves one status and enters another. transition_sequence numbers an item's
    transitions by time (array order and file order break ties only). -#}

with

superannotate_status_changes as (
    select * from {{ ref('stg_superannotate__status_changes') }}
),

labelbox_workflow_history as (
    select * from {{ ref('stg_labelbox__workflow_history') }}
),

labelbox_project_memberships as (
    select * from {{ ref('stg_labelbox__project_memberships') }}
),

dataloop_task_status_entries as (
    select * from {{ ref('int_dataloop__task_status_entries') }}
),

superannotate_transitions as (
    select
        vendor,
        project_id,
        folder_id,
        item_id,
        from_status,
        to_status,
        from_status_raw,
        to_status_raw,
        changed_at,
        user_id as changed_by_user_id,
        actor_role,
        source_file,
        source_row,
        cast(0 as {{ dbt.type_string() }}) as entry_index,
        cast(0 as {{ dbt.type_int() }}) as entry_order
    from superannotate_status_changes
),

-- A data row belongs to one batch per project.
labelbox_batches as (
    select
        project_id,
        data_row_id,
        max(batch_id) as batch_id
    from labelbox_project_memberships
    group by 1, 2
),

labelbox_transitions as (
    select
        labelbox_workflow_history.vendor,
        labelbox_workflow_history.project_id,
        coalesce(labelbox_batches.batch_id, labelbox_workflow_history.project_id) as folder_id,
        labelbox_workflow_history.data_row_id as item_id,
        coalesce(labelbox_workflow_history.previous_status, 'not_started') as from_status,
        coalesce(labelbox_workflow_history.next_status, 'custom') as to_status,
        labelbox_workflow_history.previous_task_name as from_status_raw,
        labelbox_workflow_history.next_task_name as to_status_raw,
        labelbox_workflow_history.created_at as changed_at,
        labelbox_workflow_history.created_by as changed_by_user_id,
        case
            when labelbox_workflow_history.review_outcome is not null then 'reviewer'
            when labelbox_workflow_history.previous_phase in ('annotate', 'rework') then 'annotator'
        end as actor_role,
        labelbox_workflow_history.source_file,
        labelbox_workflow_history.source_row,
        {{ dbt.concat([
            'labelbox_workflow_history.project_id',
            "'/'",
            'cast(labelbox_workflow_history.history_index as ' ~ dbt.type_string() ~ ')',
        ]) }} as entry_index,
        labelbox_workflow_history.history_index as entry_order
    from labelbox_workflow_history
    left join labelbox_batches
        on labelbox_workflow_history.project_id = labelbox_batches.project_id
            and labelbox_workflow_history.data_row_id = labelbox_batches.data_row_id
),

dataloop_entries_canonical as (
    select
        *,
        case
            when status_raw = 'completed' and is_in_qa_project then 'in_review'
            else status
        end as canonical_status
    from dataloop_task_status_entries
    where action = 'create'
),

dataloop_entries_ordered as (
    select
        *,
        lag(canonical_status) over (
            partition by item_id order by changed_at, entry_sequence
        ) as previous_status,
        lag(status_raw) over (
            partition by item_id order by changed_at, entry_sequence
        ) as previous_status_raw
    from dataloop_entries_canonical
),

dataloop_transitions as (
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
    from dataloop_entries_ordered
),

unioned as (
    select * from superannotate_transitions
    union all
    select * from labelbox_transitions
    union all
    select * from dataloop_transitions
),

sequenced as (
    select
        *,
        {#- bigint on every engine (Spark's row_number is an int). -#}
        cast(row_number() over (
            partition by vendor, project_id, item_id
            order by
                case when changed_at is null then 1 else 0 end,
                changed_at,
                source_file,
                source_row,
                entry_order
        ) as {{ dbt.type_bigint() }}) as transition_sequence
    from unioned
),

final as (
    select
        {{ surrogate_key(['vendor', 'source_file', 'source_row', 'entry_index']) }} as transition_id,
        vendor,
        project_id,
        folder_id,
        item_id,
        transition_sequence,
        from_status,
        to_status,
        from_status_raw,
        to_status_raw,
        changed_at,
        changed_by_user_id,
        {{ annotator_id('vendor', 'changed_by_user_id') }} as changed_by,
        actor_role,
        source_file,
        source_row,
        entry_index
    from sequenced
)

select * from final

{#- Labelbox workflow history as canonical transitions, one row per workflow_history entry:
    from its previous task's status (not_started when it has none) to its next task's status
    (custom when the task is unknown); folder = the data row's batch in that project
    (int_labelbox__project_data_rows), the project itself when the data row is in no batch.
    A review action is a reviewer's, a move out of labeling or rework an annotator's.
    entry_order is the entry's position in the array (ties only: the unioned model orders by
    time). -#}

with

workflow_history as (
    select * from {{ ref('stg_labelbox__workflow_history') }}
),

project_data_rows as (
    select * from {{ ref('int_labelbox__project_data_rows') }}
),

-- A data row belongs to one batch per project.
batches as (
    select
        project_id,
        data_row_id,
        max(batch_id) as batch_id
    from project_data_rows
    group by 1, 2
),

final as (
    select
        workflow_history.vendor,
        workflow_history.project_id,
        coalesce(batches.batch_id, workflow_history.project_id) as folder_id,
        workflow_history.data_row_id as item_id,
        coalesce(workflow_history.previous_status, 'not_started') as from_status,
        coalesce(workflow_history.next_status, 'custom') as to_status,
        workflow_history.previous_task_name as from_status_raw,
        workflow_history.next_task_name as to_status_raw,
        workflow_history.created_at as changed_at,
        workflow_history.created_by as changed_by_user_id,
        case
            when workflow_history.review_outcome is not null then 'reviewer'
            when workflow_history.previous_phase in ('annotate', 'rework') then 'annotator'
        end as actor_role,
        workflow_history.source_file,
        workflow_history.source_row,
        {{ dbt.concat([
            'workflow_history.project_id',
            "'/'",
            'cast(workflow_history.history_index as ' ~ dbt.type_string() ~ ')',
        ]) }} as entry_index,
        workflow_history.history_index as entry_order
    from workflow_history
    left join batches
        on workflow_history.project_id = batches.project_id
            and workflow_history.data_row_id = batches.data_row_id
)

select * from final

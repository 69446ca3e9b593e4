{#- Labelbox workflow steps, one row per workflow_history entry: it ends the data row's step
    in the entry's previous task (labeling task: the labeler moved it on; review task:
    Approve/Reject; rework task: resubmitted; Done: sent back to rework). workflow_id is that
    task's ID; status is in_rework when the step sent the task back, else done.
    work_seconds: a labeling step gets seconds_to_create of the label its user created on that
    data row in that project (the one nearest in time to the step's end); a review step gets
    seconds_to_review of the label it reviewed (int_labelbox__labels_as_of_actions: the latest
    label created strictly before the action) only when it is that label's last review step,
    because Labelbox reports one review total per label; other steps and labels that no step
    can claim stay NULL. -#}

with

workflow_history as (
    select * from {{ ref('stg_labelbox__workflow_history') }}
),

labels as (
    select * from {{ ref('stg_labelbox__labels') }}
),

labels_as_of_actions as (
    select * from {{ ref('int_labelbox__labels_as_of_actions') }}
),

history_steps as (
    select
        vendor,
        project_id,
        {{ dbt.concat(['project_id', "'/'", 'data_row_id']) }} as task_id,
        data_row_id as media_id,
        previous_task_id as workflow_id,
        previous_phase as phase,
        previous_task_name as phase_raw,
        case
            when review_outcome = 'reject' or next_status = 'in_rework' then 'in_rework'
            else 'done'
        end as status,
        action_raw as status_raw,
        review_outcome,
        created_by as annotator_user_id,
        created_at as completed_at,
        source_file,
        source_row,
        {{ dbt.concat(['project_id', "'/'", 'cast(history_index as ' ~ dbt.type_string() ~ ')']) }}
            as entry_index
    from workflow_history
),

labeling_labels_ranked as (
    select
        history_steps.entry_index,
        history_steps.source_file,
        history_steps.source_row,
        labels.seconds_to_create,
        row_number() over (
            partition by
                history_steps.source_file,
                history_steps.source_row,
                history_steps.entry_index
            order by
                abs({{ seconds_between('labels.created_at', 'history_steps.completed_at') }}),
                labels.label_id
        ) as nearness_rank
    from history_steps
    inner join labels
        on history_steps.project_id = labels.project_id
            and history_steps.media_id = labels.data_row_id
            and lower(history_steps.annotator_user_id) = lower(labels.created_by)
    where history_steps.phase = 'annotate'
),

reviewed_labels as (
    select
        {{ dbt.concat(['project_id', "'/'", 'cast(entry_index as ' ~ dbt.type_string() ~ ')']) }}
            as entry_index,
        source_file,
        source_row,
        acted_at,
        label_id,
        seconds_to_review
    from labels_as_of_actions
    where source_name = 'workflow_history' and label_id is not null
),

review_seconds as (
    select
        entry_index,
        source_file,
        source_row,
        case
            when row_number() over (
                    partition by label_id order by acted_at desc, entry_index desc
                ) = 1
                then seconds_to_review
        end as seconds_to_review
    from reviewed_labels
),

final as (
    select
        history_steps.vendor,
        history_steps.project_id,
        history_steps.task_id,
        history_steps.media_id,
        history_steps.workflow_id,
        history_steps.phase,
        history_steps.phase_raw,
        history_steps.status,
        history_steps.status_raw,
        history_steps.annotator_user_id,
        history_steps.completed_at,
        coalesce(labeling_labels_ranked.seconds_to_create, review_seconds.seconds_to_review)
            as work_seconds,
        history_steps.source_file,
        history_steps.source_row,
        history_steps.entry_index
    from history_steps
    left join labeling_labels_ranked
        on history_steps.source_file = labeling_labels_ranked.source_file
            and history_steps.source_row = labeling_labels_ranked.source_row
            and history_steps.entry_index = labeling_labels_ranked.entry_index
            and labeling_labels_ranked.nearness_rank = 1
    left join review_seconds
        on history_steps.source_file = review_seconds.source_file
            and history_steps.source_row = review_seconds.source_row
            and history_steps.entry_index = review_seconds.entry_index
)

select * from final

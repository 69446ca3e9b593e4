{#- Every vendor's workflow steps, one row per step a task went through (who worked a task
    in which phase, when it ended, how long the vendor says it took).
    - CrowdAI: one row per workflow phase row (a task = project + media).
    - Labelbox: one row per workflow_history entry: it ends the data row's step in the entry's
      previous task (labeling task: the labeler moved it on; review task: Approve/Reject;
      rework task: resubmitted; Done: sent back to rework). workflow_id is that task's ID.
      work_seconds: a labeling step gets seconds_to_create of the label its user created on
      that data row in that project (the one nearest in time to the step's end); a review step
      gets seconds_to_review of the label it reviewed (int_labelbox__labels_as_of_actions: the
      latest label created strictly before the action) only when it is that label's last
      review step, because Labelbox reports one
      review total per label; other steps and labels that no step can claim stay NULL.
    - SuperAnnotate: steps by role from the status-change log: annotator work ends with a
      transition into Quality Check (phase rework when the item had been Returned before),
      or into Skipped; QA work with a transition out of Quality Check (Completed, Returned or
      a custom status); a transition out of a custom status (client review) into Completed
      or Returned ends a final_review step. No step ID, no vendor work time.
    - Dataloop: one row per taskStatusLog `create` entry (a task = Dataloop task + item,
      workflow_id = the assignment; project and review-task flag from
      int_dataloop__task_status_entries); an entry of a review task is a review step, any
      other an annotation step; work_seconds: the user's annotation duration on the item
      (int_dataloop__user_item_durations), credited to that user's last annotation step on it.
    status is the step's outcome: in_rework when it sent the task back, skipped when it
    skipped or discarded it, else done (CrowdAI: the phase row's status through status_map). -#}

with

crowdai_workflow_phases as (
    select * from {{ ref('stg_crowdai__workflow_phases') }}
),

labelbox_workflow_history as (
    select * from {{ ref('stg_labelbox__workflow_history') }}
),

labelbox_labels as (
    select * from {{ ref('stg_labelbox__labels') }}
),

superannotate_status_changes as (
    select * from {{ ref('stg_superannotate__status_changes') }}
),

labelbox_labels_as_of_actions as (
    select * from {{ ref('int_labelbox__labels_as_of_actions') }}
),

dataloop_task_status_entries as (
    select * from {{ ref('int_dataloop__task_status_entries') }}
),

dataloop_user_item_durations as (
    select * from {{ ref('int_dataloop__user_item_durations') }}
),

-- CrowdAI ------------------------------------------------------------------------------
crowdai_steps as (
    select
        vendor,
        project_id,
        task_id,
        media_id,
        workflow_id,
        phase,
        phase_raw,
        status,
        task_status_raw as status_raw,
        annotator_id as annotator_user_id,
        completed_at,
        work_seconds,
        source_file,
        source_row,
        cast(0 as {{ dbt.type_string() }}) as entry_index
    from crowdai_workflow_phases
),

-- Labelbox -----------------------------------------------------------------------------
labelbox_history_steps as (
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
    from labelbox_workflow_history
),

labelbox_labeling_labels_ranked as (
    select
        labelbox_history_steps.entry_index,
        labelbox_history_steps.source_file,
        labelbox_history_steps.source_row,
        labelbox_labels.seconds_to_create,
        row_number() over (
            partition by
                labelbox_history_steps.source_file,
                labelbox_history_steps.source_row,
                labelbox_history_steps.entry_index
            order by
                abs({{ seconds_between('labelbox_labels.created_at', 'labelbox_history_steps.completed_at') }}),
                labelbox_labels.label_id
        ) as nearness_rank
    from labelbox_history_steps
    inner join labelbox_labels
        on labelbox_history_steps.project_id = labelbox_labels.project_id
            and labelbox_history_steps.media_id = labelbox_labels.data_row_id
            and lower(labelbox_history_steps.annotator_user_id) = lower(labelbox_labels.created_by)
    where labelbox_history_steps.phase = 'annotate'
),

-- Labelbox reports one review total per label: the label's last review step gets it.
labelbox_reviewed_labels as (
    select
        {{ dbt.concat(['project_id', "'/'", 'cast(entry_index as ' ~ dbt.type_string() ~ ')']) }}
            as entry_index,
        source_file,
        source_row,
        acted_at,
        label_id,
        seconds_to_review
    from labelbox_labels_as_of_actions
    where source_name = 'workflow_history' and label_id is not null
),

labelbox_review_seconds as (
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
    from labelbox_reviewed_labels
),

labelbox_steps as (
    select
        labelbox_history_steps.vendor,
        labelbox_history_steps.project_id,
        labelbox_history_steps.task_id,
        labelbox_history_steps.media_id,
        labelbox_history_steps.workflow_id,
        labelbox_history_steps.phase,
        labelbox_history_steps.phase_raw,
        labelbox_history_steps.status,
        labelbox_history_steps.status_raw,
        labelbox_history_steps.annotator_user_id,
        labelbox_history_steps.completed_at,
        coalesce(labelbox_labeling_labels_ranked.seconds_to_create, labelbox_review_seconds.seconds_to_review)
            as work_seconds,
        labelbox_history_steps.source_file,
        labelbox_history_steps.source_row,
        labelbox_history_steps.entry_index
    from labelbox_history_steps
    left join labelbox_labeling_labels_ranked
        on labelbox_history_steps.source_file = labelbox_labeling_labels_ranked.source_file
            and labelbox_history_steps.source_row = labelbox_labeling_labels_ranked.source_row
            and labelbox_history_steps.entry_index = labelbox_labeling_labels_ranked.entry_index
            and labelbox_labeling_labels_ranked.nearness_rank = 1
    left join labelbox_review_seconds
        on labelbox_history_steps.source_file = labelbox_review_seconds.source_file
            and labelbox_history_steps.source_row = labelbox_review_seconds.source_row
            and labelbox_history_steps.entry_index = labelbox_review_seconds.entry_index
),

-- SuperAnnotate ------------------------------------------------------------------------
superannotate_changes_ordered as (
    select
        *,
        sum(case when to_status = 'in_rework' then 1 else 0 end) over (
            partition by project_id, item_id
            order by changed_at, source_file, source_row
            rows between unbounded preceding and 1 preceding
        ) as earlier_returns
    from superannotate_status_changes
),

superannotate_step_ends as (
    select
        *,
        case
            when to_status = 'in_review' and from_status <> 'in_review'
                then case when coalesce(earlier_returns, 0) > 0 then 'rework' else 'annotate' end
            when to_status = 'skipped' and from_status <> 'skipped' then 'annotate'
            when from_status = 'in_review' and to_status <> 'in_review' then 'review'
            when from_status = 'custom' and to_status in ('done', 'in_rework') then 'final_review'
        end as step_phase
    from superannotate_changes_ordered
),

superannotate_steps as (
    select
        vendor,
        project_id,
        {{ dbt.concat(['project_id', "'/'", 'item_id']) }} as task_id,
        item_id as media_id,
        cast(null as {{ dbt.type_string() }}) as workflow_id,
        step_phase as phase,
        user_role_name as phase_raw,
        case when to_status in ('in_rework', 'skipped') then to_status else 'done' end as status,
        to_status_raw as status_raw,
        user_id as annotator_user_id,
        changed_at as completed_at,
        cast(null as {{ type_double() }}) as work_seconds,
        source_file,
        source_row,
        cast(0 as {{ dbt.type_string() }}) as entry_index
    from superannotate_step_ends
    where step_phase is not null
),

-- Dataloop -----------------------------------------------------------------------------
dataloop_entries as (
    select
        *,
        case when is_review_task then 'review' else 'annotate' end as phase
    from dataloop_task_status_entries
    where action = 'create'
),

dataloop_entries_ranked as (
    select
        *,
        row_number() over (
            partition by item_id, lower(creator), phase
            order by changed_at desc, entry_sequence desc
        ) as user_step_recency
    from dataloop_entries
),

dataloop_steps as (
    select
        dataloop_entries_ranked.vendor,
        dataloop_entries_ranked.project_id,
        {{ dbt.concat(['dataloop_entries_ranked.task_id', "'/'", 'dataloop_entries_ranked.item_id']) }}
            as task_id,
        dataloop_entries_ranked.item_id as media_id,
        dataloop_entries_ranked.assignment_id as workflow_id,
        dataloop_entries_ranked.phase,
        cast(null as {{ dbt.type_string() }}) as phase_raw,
        dataloop_entries_ranked.status,
        dataloop_entries_ranked.status_raw,
        dataloop_entries_ranked.creator as annotator_user_id,
        dataloop_entries_ranked.changed_at as completed_at,
        case
            when dataloop_entries_ranked.phase = 'annotate' and dataloop_entries_ranked.user_step_recency = 1
                then dataloop_user_item_durations.duration_seconds
        end as work_seconds,
        dataloop_entries_ranked.source_file,
        dataloop_entries_ranked.source_row,
        cast(dataloop_entries_ranked.log_position as {{ dbt.type_string() }}) as entry_index
    from dataloop_entries_ranked
    left join dataloop_user_item_durations
        on dataloop_entries_ranked.item_id = dataloop_user_item_durations.item_id
            and lower(dataloop_entries_ranked.creator) = dataloop_user_item_durations.user_key
),

unioned as (
    select * from crowdai_steps
    union all
    select * from labelbox_steps
    union all
    select * from superannotate_steps
    union all
    select * from dataloop_steps
),

final as (
    select
        {{ surrogate_key(['vendor', 'source_file', 'source_row', 'entry_index']) }} as step_id,
        vendor,
        project_id,
        task_id,
        media_id,
        workflow_id,
        phase,
        phase_raw,
        status,
        status_raw,
        annotator_user_id,
        {{ annotator_id('vendor', 'annotator_user_id') }} as annotator_id,
        completed_at,
        cast(work_seconds as {{ type_double() }}) as work_seconds,
        source_file,
        source_row,
        entry_index
    from unioned
)

select * from final

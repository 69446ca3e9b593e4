{#- Every vendor's labels, one row per label = one labeler's submitted labeling work on one
    item, stamped with its vendor.
    - Labelbox: every staged label (data row = item); scores, skip and benchmark flags as staged
      (the -1 "not computed" sentinel is already NULL there); marked null = a non-skipped label
      with no objects and no classifications.
    - CrowdAI: annotate-phase (image_boxing) rows whose status says the work was handed in
      (done: submitted/completed, in_rework: rejected later, skipped); the workflow ID is the
      label, Completed At its time, TimeSecs its seconds; seconds_to_review = the TimeSecs of the
      same task's completed review and final-review rows.
    - SuperAnnotate: a submission is a transition into Quality Check (in_review), into
      Completed (done) straight from a labeling status (no QA step), or into Skipped, from
      another status; the label ID is the transition's ID (int_status_transitions_unioned);
      no per-label seconds (SuperAnnotate reports editor time). Model-assisted when the item's
      annotation export holds a model-made instance created by the submission time (NULL when
      the item has no export).
    - Dataloop: one label per (item, annotation creator); created at the creator's first
      annotation; seconds from itemAnnotationDuration of that item and user; model-assisted
      from metadata.system.automated. The project comes from int_dataloop_item_projects_derived
      (analytics rows of the item, else of its dataset, else the dataset ID).
    Scores and consensus/benchmark fields are Labelbox's only: NULL elsewhere. -#}

with

labelbox_labels as (
    select * from {{ ref('stg_labelbox__labels') }}
),

crowdai_workflow_phases as (
    select * from {{ ref('stg_crowdai__workflow_phases') }}
),

superannotate_status_changes as (
    select * from {{ ref('stg_superannotate__status_changes') }}
),

superannotate_item_instances as (
    select * from {{ ref('stg_superannotate__item_instances') }}
),

dataloop_annotations as (
    select * from {{ ref('int_dataloop__annotations') }}
),

dataloop_user_item_durations as (
    select * from {{ ref('int_dataloop__user_item_durations') }}
),

labelbox_labels_renamed as (
    select
        vendor,
        project_id,
        data_row_id as item_id,
        label_id,
        created_by as labeler_user_id,
        created_at,
        seconds_to_create,
        seconds_to_review,
        is_skipped,
        case
            when coalesce(is_skipped, false) then false
            when object_count is null or classification_count is null then null
            else object_count + classification_count = 0
        end as is_marked_null,
        cast(null as boolean) as is_model_assisted,
        benchmark_score,
        consensus_score,
        is_benchmark_reference,
        consensus_label_count,
        source_file,
        source_row
    from labelbox_labels
),

crowdai_review_seconds as (
    select
        task_id,
        sum(work_seconds) as review_seconds
    from crowdai_workflow_phases
    where phase in ('review', 'final_review') and is_completed
    group by 1
),

crowdai_labels as (
    select
        crowdai_workflow_phases.vendor,
        crowdai_workflow_phases.project_id,
        crowdai_workflow_phases.media_id as item_id,
        crowdai_workflow_phases.workflow_id as label_id,
        crowdai_workflow_phases.annotator_id as labeler_user_id,
        crowdai_workflow_phases.completed_at as created_at,
        crowdai_workflow_phases.work_seconds as seconds_to_create,
        crowdai_review_seconds.review_seconds as seconds_to_review,
        crowdai_workflow_phases.status = 'skipped' as is_skipped,
        cast(null as boolean) as is_marked_null,
        cast(null as boolean) as is_model_assisted,
        cast(null as {{ dbt.type_numeric() }}) as benchmark_score,
        cast(null as {{ dbt.type_numeric() }}) as consensus_score,
        cast(null as boolean) as is_benchmark_reference,
        cast(null as {{ dbt.type_int() }}) as consensus_label_count,
        crowdai_workflow_phases.source_file,
        crowdai_workflow_phases.source_row
    from crowdai_workflow_phases
    left join crowdai_review_seconds
        on crowdai_workflow_phases.task_id = crowdai_review_seconds.task_id
    where
        crowdai_workflow_phases.phase = 'annotate'
        and crowdai_workflow_phases.status in ('done', 'in_rework', 'skipped')
),

superannotate_submissions as (
    select *
    from superannotate_status_changes
    where
        from_status <> to_status
        and (
            to_status in ('in_review', 'skipped')
            or (to_status = 'done' and from_status in ('not_started', 'in_progress', 'in_rework'))
        )
),

superannotate_submission_assistance as (
    select
        superannotate_submissions.source_file,
        superannotate_submissions.source_row,
        max(
            case
                when
                    superannotate_item_instances.is_model_assisted
                    and (
                        superannotate_item_instances.created_at is null
                        or superannotate_item_instances.created_at <= superannotate_submissions.changed_at
                    )
                    then 1
                else 0
            end
        ) = 1 as is_model_assisted
    from superannotate_submissions
    inner join superannotate_item_instances
        on superannotate_submissions.project_id = superannotate_item_instances.project_id
            and superannotate_submissions.item_name = superannotate_item_instances.item_name
    group by 1, 2
),

superannotate_labels as (
    select
        superannotate_submissions.vendor,
        superannotate_submissions.project_id,
        superannotate_submissions.item_id,
        {{ surrogate_key([
            'superannotate_submissions.vendor',
            'superannotate_submissions.source_file',
            'superannotate_submissions.source_row',
            '0',
        ]) }} as label_id,
        superannotate_submissions.user_id as labeler_user_id,
        superannotate_submissions.changed_at as created_at,
        cast(null as {{ dbt.type_numeric() }}) as seconds_to_create,
        cast(null as {{ dbt.type_numeric() }}) as seconds_to_review,
        superannotate_submissions.to_status = 'skipped' as is_skipped,
        cast(null as boolean) as is_marked_null,
        superannotate_submission_assistance.is_model_assisted,
        cast(null as {{ dbt.type_numeric() }}) as benchmark_score,
        cast(null as {{ dbt.type_numeric() }}) as consensus_score,
        cast(null as boolean) as is_benchmark_reference,
        cast(null as {{ dbt.type_int() }}) as consensus_label_count,
        superannotate_submissions.source_file,
        superannotate_submissions.source_row
    from superannotate_submissions
    left join superannotate_submission_assistance
        on superannotate_submissions.source_file = superannotate_submission_assistance.source_file
            and superannotate_submissions.source_row = superannotate_submission_assistance.source_row
),

dataloop_annotations_ranked as (
    select
        *,
        row_number() over (
            partition by item_id, lower(creator)
            order by created_at, annotation_position
        ) as creator_annotation_rank
    from dataloop_annotations
    where creator is not null and creator <> ''
),

dataloop_creator_labels as (
    select
        item_id,
        lower(creator) as creator_key,
        min(created_at) as created_at,
        case
            when count(is_automated) > 0
                then max(case when is_automated then 1 else 0 end) = 1
        end as is_model_assisted,
        max(project_id) as project_id,
        max(case when creator_annotation_rank = 1 then creator end) as creator,
        max(case when creator_annotation_rank = 1 then source_file end) as source_file,
        max(case when creator_annotation_rank = 1 then source_row end) as source_row
    from dataloop_annotations_ranked
    group by 1, 2
),

dataloop_labels as (
    select
        'dataloop' as vendor,
        dataloop_creator_labels.project_id,
        dataloop_creator_labels.item_id,
        {{ surrogate_key(["'dataloop'", 'dataloop_creator_labels.item_id', 'dataloop_creator_labels.creator_key']) }}
            as label_id,
        dataloop_creator_labels.creator as labeler_user_id,
        dataloop_creator_labels.created_at,
        dataloop_user_item_durations.duration_seconds as seconds_to_create,
        cast(null as {{ dbt.type_numeric() }}) as seconds_to_review,
        cast(null as boolean) as is_skipped,
        cast(null as boolean) as is_marked_null,
        dataloop_creator_labels.is_model_assisted,
        cast(null as {{ dbt.type_numeric() }}) as benchmark_score,
        cast(null as {{ dbt.type_numeric() }}) as consensus_score,
        cast(null as boolean) as is_benchmark_reference,
        cast(null as {{ dbt.type_int() }}) as consensus_label_count,
        dataloop_creator_labels.source_file,
        dataloop_creator_labels.source_row
    from dataloop_creator_labels
    left join dataloop_user_item_durations
        on dataloop_creator_labels.item_id = dataloop_user_item_durations.item_id
            and dataloop_creator_labels.creator_key = dataloop_user_item_durations.user_key
),

unioned as (
    select * from labelbox_labels_renamed
    union all
    select * from crowdai_labels
    union all
    select * from superannotate_labels
    union all
    select * from dataloop_labels
),

final as (
    select
        vendor,
        project_id,
        item_id,
        label_id,
        labeler_user_id,
        {{ annotator_id('vendor', 'labeler_user_id') }} as labeler_id,
        created_at,
        seconds_to_create,
        seconds_to_review,
        is_skipped,
        is_marked_null,
        is_model_assisted,
        benchmark_score,
        consensus_score,
        is_benchmark_reference,
        cast(consensus_label_count as {{ dbt.type_int() }}) as consensus_label_count,
        source_file,
        source_row
    from unioned
)

select * from final

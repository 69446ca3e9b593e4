{#- SuperAnnotate labels: a submission is a transition into Quality Check (in_review), into
    Completed (done) straight from a labeling status (no QA step), or into Skipped, from
    another status; the label ID is the transition's ID (the transition_id of
    int_status_transitions_unioned); no per-label seconds (SuperAnnotate reports editor
    time). Model-assisted when the item's annotation export holds a model-made instance
    created by the submission time (NULL when the item has no export). -#}

with

status_changes as (
    select * from {{ ref('stg_superannotate__status_changes') }}
),

item_instances as (
    select * from {{ ref('stg_superannotate__item_instances') }}
),

submissions as (
    select *
    from status_changes
    where
        from_status <> to_status
        and (
            to_status in ('in_review', 'skipped')
            or (to_status = 'done' and from_status in ('not_started', 'in_progress', 'in_rework'))
        )
),

submission_assistance as (
    select
        submissions.source_file,
        submissions.source_row,
        max(
            case
                when
                    item_instances.is_model_assisted
                    and (
                        item_instances.created_at is null
                        or item_instances.created_at <= submissions.changed_at
                    )
                    then 1
                else 0
            end
        ) = 1 as is_model_assisted
    from submissions
    inner join item_instances
        on submissions.project_id = item_instances.project_id
            and submissions.item_name = item_instances.item_name
    group by 1, 2
),

final as (
    select
        submissions.vendor,
        submissions.project_id,
        submissions.item_id,
        {{ surrogate_key([
            'submissions.vendor',
            'submissions.source_file',
            'submissions.source_row',
            '0',
        ]) }} as label_id,
        submissions.user_id as labeler_user_id,
        submissions.changed_at as created_at,
        submissions.to_status = 'skipped' as is_skipped,
        submission_assistance.is_model_assisted,
        submissions.source_file,
        submissions.source_row
    from submissions
    left join submission_assistance
        on submissions.source_file = submission_assistance.source_file
            and submissions.source_row = submission_assistance.source_row
)

select * from final

{#- SuperAnnotate workflow steps by role, from the status-change log: annotator work ends
    with a transition into Quality Check (phase rework when the item had been Returned
    before), or into Skipped; QA work with a transition out of Quality Check (Completed,
    Returned or a custom status); a transition out of a custom status (client review) into
    Completed or Returned ends a final_review step. status is the step's outcome: in_rework
    when it sent the item back, skipped when it skipped it, else done. No step ID, no vendor
    work time (SuperAnnotate reports editor time). -#}

with

status_changes as (
    select * from {{ ref('stg_superannotate__status_changes') }}
),

changes_ordered as (
    select
        *,
        sum(case when to_status = 'in_rework' then 1 else 0 end) over (
            partition by project_id, item_id
            order by changed_at, source_file, source_row
            rows between unbounded preceding and 1 preceding
        ) as earlier_returns
    from status_changes
),

step_ends as (
    select
        *,
        case
            when to_status = 'in_review' and from_status <> 'in_review'
                then case when coalesce(earlier_returns, 0) > 0 then 'rework' else 'annotate' end
            when to_status = 'skipped' and from_status <> 'skipped' then 'annotate'
            when from_status = 'in_review' and to_status <> 'in_review' then 'review'
            when from_status = 'custom' and to_status in ('done', 'in_rework') then 'final_review'
        end as step_phase
    from changes_ordered
),

final as (
    select
        vendor,
        project_id,
        {{ dbt.concat(['project_id', "'/'", 'item_id']) }} as task_id,
        item_id as media_id,
        step_phase as phase,
        user_role_name as phase_raw,
        case when to_status in ('in_rework', 'skipped') then to_status else 'done' end as status,
        to_status_raw as status_raw,
        user_id as annotator_user_id,
        changed_at as completed_at,
        source_file,
        source_row,
        cast(0 as {{ dbt.type_string() }}) as entry_index
    from step_ends
    where step_phase is not null
)

select * from final

{#- One row per stay of an item in a status that ended: every transition that leaves a status
    (from_status <> to_status), with when the item had entered that status. An item's
    transitions, in transition_sequence order, make runs of equal to_status: a run starts with
    a transition whose to_status differs from the previous one's, and a transition between the
    same status (in_progress -> in_progress) stays inside its run - it does not leave the
    status, so the time in it counts from the run's start, not from that transition (which is
    where fct_status_transitions.seconds_in_from_status starts).
    entered_at is the start of the run just before the leaving transition, when that run is in
    the status being left and began with a move into it from another status; else it is NULL
    and so is seconds_in_status: the item's first status (the log does not show when it was
    entered), a log whose first entry is a same-status change, a from_status that contradicts
    the previous entry. Transitions without a time cannot be placed and are left out.
    Incremental by item like its input (macros/config/incremental_by_key.sql). -#}
{{ config(**incremental_by_key(['int_status_transitions_unioned'])) }}

with

transitions as (
    select * from {{ ref('int_status_transitions_unioned') }}
),

{{ changed_key_rows('transitions', ['int_status_transitions_unioned']) }},

transitions_timed as (
    select * from changed_key_rows
    where changed_at is not null
),

transitions_marked as (
    select
        *,
        case
            when previous_to_status is null or previous_to_status <> to_status then 1 else 0
        end as starts_run
    from transitions_timed
),

transitions_in_runs as (
    select
        *,
        sum(starts_run) over (
            partition by vendor, project_id, item_id
            order by transition_sequence
            rows between unbounded preceding and current row
        ) as run_number
    from transitions_marked
),

runs as (
    select
        vendor,
        project_id,
        item_id,
        run_number,
        to_status as status,
        changed_at as run_started_at,
        case when from_status <> to_status then 1 else 0 end as is_entry_recorded
    from transitions_in_runs
    where starts_run = 1
),

leaving_transitions as (
    select
        transitions_in_runs.transition_id,
        transitions_in_runs.vendor,
        transitions_in_runs.project_id,
        transitions_in_runs.folder_id,
        transitions_in_runs.item_id,
        transitions_in_runs.from_status as status,
        transitions_in_runs.to_status,
        transitions_in_runs.changed_by as left_by,
        transitions_in_runs.changed_at as left_at,
        transitions_in_runs.incremental_key,
        transitions_in_runs.key_input_hash,
        case
            when
                transitions_in_runs.starts_run = 1
                and previous_runs.status = transitions_in_runs.from_status
                and previous_runs.is_entry_recorded = 1
                then previous_runs.run_started_at
        end as entered_at
    from transitions_in_runs
    left join runs as previous_runs
        on transitions_in_runs.vendor = previous_runs.vendor
            and transitions_in_runs.project_id = previous_runs.project_id
            and transitions_in_runs.item_id = previous_runs.item_id
            and transitions_in_runs.run_number - 1 = previous_runs.run_number
    where transitions_in_runs.from_status <> transitions_in_runs.to_status
),

final as (
    select
        transition_id,
        vendor,
        project_id,
        folder_id,
        item_id,
        status,
        to_status,
        entered_at,
        left_at,
        left_by,
        {{ seconds_between('entered_at', 'left_at') }} as seconds_in_status,
        incremental_key,
        key_input_hash as input_hash
    from leaving_transitions
)

select * from final

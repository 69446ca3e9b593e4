with

transitions as (
    select * from {{ ref('int_status_transitions_unioned') }}
),

transitions_timed as (
    select
        transitions.*,
        lag(changed_at) over (
            partition by vendor, project_id, item_id
            order by changed_at, source_file, source_row
        ) as previous_changed_at
    from transitions
),

final as (
    select
        transition_id,
        vendor,
        project_id,
        folder_id,
        item_id,
        from_status,
        to_status,
        from_status_raw,
        to_status_raw,
        changed_at,
        changed_by,
        actor_role,
        {{ seconds_between('previous_changed_at', 'changed_at') }} as seconds_in_from_status
    from transitions_timed
)

select * from final

{#- One row per status change, every vendor with a status history. seconds_in_from_status is
    the time since the item's previous transition in the same project (NULL for its first:
    the log does not show when it entered its first status).
    Incremental by item like its input (macros/config/incremental_by_key.sql). -#}
{%- set item_key = ['vendor', 'project_id', 'item_id'] %}
{{ config(**incremental_by_key(['int_status_transitions_unioned'], row_key_columns=item_key)) }}

with

transitions as (
    select * from {{ ref('int_status_transitions_unioned') }}
),

{{ changed_key_rows('transitions', ['int_status_transitions_unioned']) }},

transitions_timed as (
    select
        *,
        lag(changed_at) over (
            partition by vendor, project_id, item_id
            order by transition_sequence
        ) as previous_changed_at
    from changed_key_rows
),

final as (
    select
        transition_id,
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
        changed_by,
        {{ pii('changed_by_user_id') }} as changed_by_user_id,
        actor_role,
        {{ seconds_between('previous_changed_at', 'changed_at') }} as seconds_in_from_status,
        source_file,
        source_row
    from transitions_timed
)

select * from final

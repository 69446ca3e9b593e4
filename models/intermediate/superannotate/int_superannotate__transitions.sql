{#- SuperAnnotate status changes as canonical transitions, one row per status-change record
    (annotation_status telemetry), with the role the user acted in. -#}

with

status_changes as (
    select * from {{ ref('stg_superannotate__status_changes') }}
),

final as (
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
    from status_changes
)

select * from final

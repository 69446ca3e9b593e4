{#- Every vendor's status changes as canonical transitions, one row per change. -#}
with

superannotate_status_changes as (
    select * from {{ ref('stg_superannotate__status_changes') }}
),

superannotate_transitions as (
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
        cast(0 as {{ dbt.type_int() }}) as entry_index
    from superannotate_status_changes
),

unioned as (
    select * from superannotate_transitions
),

final as (
    select
        {{ surrogate_key(['vendor', 'source_file', 'source_row', 'entry_index']) }} as transition_id,
        vendor,
        project_id,
        folder_id,
        item_id,
        from_status,
        to_status,
        from_status_raw,
        to_status_raw,
        changed_at,
        changed_by_user_id,
        {{ annotator_id('vendor', 'changed_by_user_id') }} as changed_by,
        actor_role,
        source_file,
        source_row
    from unioned
)

select * from final

{{ config(**incremental_by_base_rows('base_superannotate__annotation_status', 'superannotate', 'annotation_status')) }}

with

source as (
    select * from {{ base_rows(ref('base_superannotate__annotation_status')) }} as base_records
    where rejection_reason is null and not is_duplicate
),

renamed as (
    select
        vendor,
        changed_at,
        item_id,
        item_name,
        folder_id,
        project_id,
        team_id,
        organization_id,
        change_source,
        user_id,
        cast(user_role_id as {{ dbt.type_string() }}) as user_role,
        {{ vocabulary_lookup('role_map', 'superannotate', 'cast(user_role_id as ' ~ dbt.type_string() ~ ')',
            'role_key', 'role') }} as actor_role,
        user_role_name,
        status_from_raw as from_status_raw,
        {{ vocabulary_lookup('status_map', 'superannotate', 'status_from_raw', 'status_key', 'status', "'custom'") }}
            as from_status,
        status_to_raw as to_status_raw,
        {{ vocabulary_lookup('status_map', 'superannotate', 'status_to_raw', 'status_key', 'status', "'custom'") }}
            as to_status,
        assignment_from_role,
        assignment_from_id,
        assignment_to_role,
        assignment_to_id,
        source_file,
        source_row,
        source_loaded_at,
        base_written_at
    from source
)

select * from renamed

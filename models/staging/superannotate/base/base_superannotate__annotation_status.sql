{{ config(**incremental_by_file('superannotate', 'annotation_status')) }}

with

source as (
    {{ archived_rows('superannotate', 'annotation_status') }}
),

renamed as (
    select
        'superannotate' as vendor,
        'annotation_status' as source_name,
        source_file,
        source_row,
        source_loaded_at,
        {{ csv_record_text([
    'time', 'item_id', 'item_name', 'folder_id', 'project_id', 'team_id',
    'organization_id', 'change_source', 'user_id', 'user_role', 'user_role_name',
    'status_from', 'status_to', 'assignment_from_role', 'assignment_from_id',
    'assignment_to_role', 'assignment_to_id',
        ]) }} as raw_record,

        trim(item_id) as item_id,
        trim(item_name) as item_name,
        trim(folder_id) as folder_id,
        trim(project_id) as project_id,
        trim(team_id) as team_id,
        trim(organization_id) as organization_id,
        trim(change_source) as change_source,
        trim(user_id) as user_id,
        trim(user_role_name) as user_role_name,

        trim(status_from) as status_from_raw,
        trim(status_to) as status_to_raw,

        nullif(trim(assignment_from_role), '') as assignment_from_role,
        nullif(trim(assignment_from_id), '') as assignment_from_id,
        nullif(trim(assignment_to_role), '') as assignment_to_role,
        nullif(trim(assignment_to_id), '') as assignment_to_id,

        time as time_raw,
        user_role as user_role_raw,
        {{ try_cast_timestamp('time') }} as changed_at,
        {{ try_cast_integer('user_role') }} as user_role_id
    from source
),

validated as (
    select
        *,
        {{ first_rejection_reason([
            (blank('time_raw'), 'missing_time'),
            (blank('item_id'), 'missing_item_id'),
            (blank('item_name'), 'missing_item_name'),
            (blank('folder_id'), 'missing_folder_id'),
            (blank('project_id'), 'missing_project_id'),
            (blank('team_id'), 'missing_team_id'),
            (blank('organization_id'), 'missing_organization_id'),
            (blank('change_source'), 'missing_source'),
            (blank('user_id'), 'missing_user_id'),
            (blank('user_role_raw'), 'missing_user_role'),
            (blank('user_role_name'), 'missing_user_role_name'),
            (blank('status_from_raw'), 'missing_status_from'),
            (blank('status_to_raw'), 'missing_status_to'),
            (unparseable('time_raw', 'changed_at'), 'unparseable_time'),
            (unparseable('user_role_raw', 'user_role_id'), 'unparseable_user_role'),
        ]) }} as rejection_reason
    from renamed
),

{#- One status change = one event: the same row in two exports (or twice in one export)
    is the same event exported twice, so one copy stays (within_file=true). Keyed on the
    parsed time and the normalised statuses, so `2026-05-01T10:00:00Z` and
    `2026-05-01 10:00:00+00:00`, or `InProgress` and `In Progress`, meet. Descriptive
    columns (names, team, organization, assignments) are not part of the key. -#}
{{ newest_file_wins('validated', 'superannotate', 'annotation_status', [
    'changed_at', 'project_id', 'folder_id', 'item_id', 'change_source', 'user_id',
    'user_role_id', normalize_enum('status_from_raw'), normalize_enum('status_to_raw'),
]) }}

select * from final

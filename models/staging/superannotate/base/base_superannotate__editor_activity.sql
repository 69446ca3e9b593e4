{{ config(**incremental_by_file('superannotate', 'editor_activity')) }}

with

source as (
    {{ archived_rows('superannotate', 'editor_activity') }}
),

renamed as (
    select
        'superannotate' as vendor,
        'editor_activity' as source_name,
        source_file,
        source_row,
        source_loaded_at,
        {{ csv_record_text([
    'time', 'user_id', 'item_id', 'project_id', 'folder_id', 'team_id',
        ]) }} as raw_record,

        trim(user_id) as user_id,
        trim(item_id) as item_id,
        trim(project_id) as project_id,
        nullif(trim(folder_id), '') as folder_id,
        nullif(trim(team_id), '') as team_id,

        time as time_raw,
        {{ try_cast_timestamp('time') }} as sampled_at
    from source
),

checked as (
    select
        *,
        {{ first_rejection_reason([
            (blank('time_raw'), 'missing_time'),
            (blank('user_id'), 'missing_user_id'),
            (blank('item_id'), 'missing_item_id'),
            (blank('project_id'), 'missing_project_id'),
            (unparseable('time_raw', 'sampled_at'), 'unparseable_time'),
        ]) }} as rejection_reason
    from renamed
),

{# Only a rejected sample keeps its text, for audit_rejected_rows: a copy of every one of
    the tens of millions of samples would double the table and the memory that builds it. #}
validated as (
    select
        vendor,
        source_name,
        source_file,
        source_row,
        source_loaded_at,
        case when rejection_reason is not null then raw_record end as raw_record,
        user_id,
        item_id,
        project_id,
        folder_id,
        team_id,
        time_raw,
        sampled_at,
        rejection_reason
    from checked
),

{#- Overlapping exports repeat samples: a sample also found in a newer file is a
    duplicate. Identical samples inside one file all stay (within_file=false); the
    editor-time mart counts them once. -#}
{{ newest_file_wins(
    'validated', 'superannotate', 'editor_activity',
    ['sampled_at', 'user_id', 'item_id', 'project_id'], within_file=false,
) }}

select * from final

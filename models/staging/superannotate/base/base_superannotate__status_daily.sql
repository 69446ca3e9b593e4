{{ config(**incremental_by_file('superannotate', 'status_daily')) }}

with

source as (
    {{ archived_rows('superannotate', 'status_daily') }}
),

renamed as (
    select
        'superannotate' as vendor,
        'status_daily' as source_name,
        source_file,
        source_row,
        source_loaded_at,
        {{ csv_record_text([
    'aggregation_row_id', 'aggregation_date', 'folder_id', 'project_id', 'team_id',
    'organization_id', 'status', 'item_count_in', 'item_count_out', 'item_count_eop',
        ]) }} as raw_record,

        nullif(trim(aggregation_row_id), '') as aggregation_row_id,
        trim(folder_id) as folder_id,
        trim(project_id) as project_id,
        nullif(trim(team_id), '') as team_id,
        nullif(trim(organization_id), '') as organization_id,
        trim(status) as status_raw,

        aggregation_date as aggregation_date_raw,
        item_count_in as item_count_in_raw,
        item_count_out as item_count_out_raw,
        item_count_eop as item_count_eop_raw,
        coalesce(
            {{ try_cast_date('aggregation_date') }},
            cast({{ try_cast_timestamp('aggregation_date') }} as date)
        ) as aggregation_date,
        {{ try_cast_integer('item_count_in') }} as item_count_in,
        {{ try_cast_integer('item_count_out') }} as item_count_out,
        {{ try_cast_integer('item_count_eop') }} as item_count_eop
    from source
),

validated as (
    select
        *,
        {{ first_rejection_reason([
            (blank('aggregation_date_raw'), 'missing_date'),
            (blank('folder_id'), 'missing_folder_id'),
            (blank('project_id'), 'missing_project_id'),
            (blank('status_raw'), 'missing_status'),
            (blank('item_count_in_raw'), 'missing_item_count_in'),
            (blank('item_count_out_raw'), 'missing_item_count_out'),
            (blank('item_count_eop_raw'), 'missing_item_count_eop'),
            (unparseable('aggregation_date_raw', 'aggregation_date'), 'unparseable_date'),
            (unparseable('item_count_in_raw', 'item_count_in'), 'unparseable_item_count_in'),
            (unparseable('item_count_out_raw', 'item_count_out'), 'unparseable_item_count_out'),
            (unparseable('item_count_eop_raw', 'item_count_eop'), 'unparseable_item_count_eop'),
        ]) }} as rejection_reason
    from renamed
),

{#- One figure per day, folder and status: a later export's row replaces an earlier
    one. The status is keyed by its raw name (normalised), so two custom statuses of
    one folder stay apart although both map to `custom`. -#}
{{ newest_file_wins('validated', 'superannotate', 'status_daily', [
    'aggregation_date', 'project_id', 'folder_id', normalize_enum('status_raw'),
]) }}

select * from final

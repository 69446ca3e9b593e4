{#- Every line of every Labelbox Export v2 file, one row each. The line's JSON text stays in
    raw_record for the stg models to unnest (projects, labels, reviews, workflow history). A
    line is rejected only when it is not JSON or names no data row; any other problem inside
    it is flagged on the nested entity by the stg model that parses it. -#}
{{ config(**incremental_by_file('labelbox', 'export_v2')) }}

with

source as (
    {{ archived_rows('labelbox', 'export_v2') }}
),

parsed as (
    select
        'labelbox' as vendor,
        'export_v2' as source_name,
        source_file,
        cast(source_row as bigint) as source_row,
        source_loaded_at,
        raw_record,
        {{ json_is_valid('raw_record') }} as is_valid_json
    from source
),

renamed as (
    select
        vendor,
        source_name,
        source_file,
        source_row,
        source_loaded_at,
        raw_record,
        is_valid_json,
        case
            when is_valid_json then trim({{ json_text('raw_record', 'data_row.id') }})
        end as data_row_id
    from parsed
),

validated as (
    select
        *,
        {{ first_rejection_reason([
            ('not is_valid_json', 'invalid_json'),
            (blank('data_row_id'), 'missing_data_row_id'),
        ]) }} as rejection_reason
    from renamed
),

checked as (
    select
        vendor,
        source_name,
        source_file,
        source_row,
        source_loaded_at,
        raw_record,
        data_row_id,
        rejection_reason
    from validated
),

{{ newest_file_wins('checked', 'labelbox', 'export_v2', ['data_row_id']) }}

select * from final

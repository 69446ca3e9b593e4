with

source as (
    select * from {{ source('crowdai', 'media') }}
),

renamed as (
    select
        'crowdai' as vendor,
        'media' as source_name,
        source_file,
        source_row,
        {{ csv_record_text(['media_id', 'parent_media_id', 'dataset_id']) }} as raw_record,

        trim(media_id) as media_id,
        nullif(trim(parent_media_id), '') as parent_media_id,
        nullif(trim(dataset_id), '') as dataset_id
    from source
),

validated as (
    select
        *,
        {{ first_rejection_reason([
            (blank('media_id'), 'missing_media_id'),
        ]) }} as rejection_reason
    from renamed
),

final as (
    select
        *,
        {{ is_superseded(['media_id']) }} as is_duplicate
    from validated
)

select * from final

with

source as (
    select * from {{ ref('base_superannotate__annotations') }}
    where rejection_reason is null and not is_duplicate
),

renamed as (
    select
        vendor,
        project_id,
        item_name,
        status_raw,
        case
            when status_raw is not null
                then {{ vocabulary_lookup(
                    'status_map', 'superannotate', 'status_raw', 'status_key', 'status', "'custom'"
                ) }}
        end as status,
        annotator_email,
        qa_email,
        last_action_email,
        last_action_at,
        source_file,
        source_row
    from source
)

select * from renamed

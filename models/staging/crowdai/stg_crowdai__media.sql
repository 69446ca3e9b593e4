{#- CrowdAI media lineage: one row per media ID; transformed media point to their parent. -#}

with

source as (
    select * from {{ ref('base_crowdai__media') }}
    where rejection_reason is null and not is_duplicate
),

renamed as (
    select
        vendor,
        media_id,
        parent_media_id,
        dataset_id,
        parent_media_id is not null as has_parent,
        source_file,
        source_row
    from source
)

select * from renamed

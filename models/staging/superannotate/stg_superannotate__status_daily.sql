{#- A view over its incremental base model: a table would copy every stored row each run. -#}
{{ config(materialized='view') }}

with

source as (
    select * from {{ ref('base_superannotate__status_daily') }}
    where rejection_reason is null and not is_duplicate
),

renamed as (
    select
        vendor,
        aggregation_date,
        folder_id,
        project_id,
        team_id,
        organization_id,
        aggregation_row_id,
        status_raw,
        {{ vocabulary_lookup('status_map', 'superannotate', 'status_raw', 'status_key', 'status', "'custom'") }}
            as status,
        item_count_in,
        item_count_out,
        item_count_eop,
        source_file,
        source_row
    from source
)

select * from renamed

{#- A view over its incremental base model: a table would copy every stored row each run. -#}
{{ config(materialized='view') }}

with

source as (
    select * from {{ ref('base_superannotate__editor_activity') }}
    where rejection_reason is null and not is_duplicate
),

renamed as (
    select
        vendor,
        sampled_at,
        user_id,
        item_id,
        project_id,
        folder_id,
        team_id,
        source_file,
        source_row,
        source_loaded_at,
        written_at
    from source
)

select * from renamed

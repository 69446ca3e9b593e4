{#- One row per Dataloop annotation (stg_dataloop__annotations), with the item's project as
    int_dataloop_item_projects_derived derives it (NULL for an item the item export lacks). -#}

with

annotations as (
    select * from {{ ref('stg_dataloop__annotations') }}
),

item_projects as (
    select * from {{ ref('int_dataloop_item_projects_derived') }}
),

final as (
    select
        annotations.*,
        item_projects.project_id
    from annotations
    left join item_projects
        on annotations.item_id = item_projects.item_id
)

select * from final

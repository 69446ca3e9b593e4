{#- Labelbox project memberships, one row per project and data row: the project's name and
    the data row's batch in it (project_details), as the export's `projects` section gives
    them. -#}

with

project_memberships as (
    select * from {{ ref('stg_labelbox__project_memberships') }}
),

final as (
    select
        vendor,
        project_id,
        data_row_id,
        project_name,
        batch_id
    from project_memberships
)

select * from final

{#- Dataloop item JSON names a dataset, never a project: the project of each item comes from
    the analytics rows about that item (the analytics request names the project), else from
    the analytics rows of other items of the same dataset, else the dataset stands in. -#}
with

items as {{ inlined_cte() }} (
    select * from {{ ref('stg_dataloop__items') }}
),

item_annotation_durations as (
    select * from {{ ref('stg_dataloop__item_annotation_durations') }}
),

user_activity_times as (
    select * from {{ ref('stg_dataloop__user_activity_times') }}
),

analytics_item_projects as (
    select
        item_id,
        project_id
    from item_annotation_durations

    union

    select
        item_id,
        project_id
    from user_activity_times
),

item_projects as (
    select
        item_id,
        min(project_id) as project_id
    from analytics_item_projects
    group by 1
),

dataset_projects as (
    select
        items.dataset_id,
        min(item_projects.project_id) as project_id
    from items
    inner join item_projects
        on items.item_id = item_projects.item_id
    group by 1
),

final as (
    select
        items.item_id,
        items.dataset_id,
        coalesce(item_projects.project_id, dataset_projects.project_id, items.dataset_id) as project_id,
        case
            when item_projects.project_id is not null then 'item_analytics'
            when dataset_projects.project_id is not null then 'dataset_analytics'
            else 'dataset_id'
        end as project_source
    from items
    left join item_projects
        on items.item_id = item_projects.item_id
    left join dataset_projects
        on items.dataset_id = dataset_projects.dataset_id
)

select * from final

-- Vertical integrity of dim_media: one row per Labelbox data row, per Dataloop item, per
-- distinct CrowdAI media ID of the lineage file and the annotation CSV, per SuperAnnotate item
-- of the status log plus item JSONs the log does not name. Fails with every differing vendor.
with

media as (
    select * from {{ ref('dim_media') }}
),

crowdai_media as (
    select * from {{ ref('stg_crowdai__media') }}
),

crowdai_workflow_phases as (
    select * from {{ ref('stg_crowdai__workflow_phases') }}
),

labelbox_data_rows as (
    select * from {{ ref('stg_labelbox__data_rows') }}
),

superannotate_status_changes as (
    select * from {{ ref('stg_superannotate__status_changes') }}
),

superannotate_items as (
    select * from {{ ref('stg_superannotate__items') }}
),

dataloop_items as (
    select * from {{ ref('stg_dataloop__items') }}
),

crowdai_ids as (
    select media_id from crowdai_media
    union
    select media_id from crowdai_workflow_phases
),

superannotate_ids as (
    select item_id as media_id from superannotate_status_changes
    union
    select {{ dbt.concat(['superannotate_items.project_id', "'/'", 'superannotate_items.item_name']) }} as media_id
    from superannotate_items
    where not exists (
            select 1
            from superannotate_status_changes
            where superannotate_status_changes.project_id = superannotate_items.project_id
                and superannotate_status_changes.item_name = superannotate_items.item_name
        )
),

staged_counts as (
    select
        'crowdai' as vendor,
        count(*) as staged_rows
    from crowdai_ids
    union all
    select
        'labelbox' as vendor,
        count(*) as staged_rows
    from labelbox_data_rows
    union all
    select
        'superannotate' as vendor,
        count(*) as staged_rows
    from superannotate_ids
    union all
    select
        'dataloop' as vendor,
        count(*) as staged_rows
    from dataloop_items
),

mart_counts as (
    select
        vendor,
        count(*) as mart_rows
    from media
    group by 1
),

compared as (
    select
        staged_counts.vendor,
        staged_counts.staged_rows,
        coalesce(mart_counts.mart_rows, 0) as mart_rows
    from staged_counts
    left join mart_counts
        on staged_counts.vendor = mart_counts.vendor
)

select * from compared
where staged_rows <> mart_rows

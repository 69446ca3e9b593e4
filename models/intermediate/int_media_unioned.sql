{#- Every vendor's media (the file a task is about), one row per vendor and media ID.
    - CrowdAI: the media lineage file (parent, dataset) and every media ID the annotation CSV
      names (dataset, frame count; video when a frame count is given, else image).
    - Labelbox: data rows (dataset, media type, frame count).
    - SuperAnnotate: items of the status-change log (item ID, name, folder as the dataset).
      The item JSON export names an item by project and name only, without its ID: a JSON
      item is the log's item of the same project and name; one the log does not know keeps
      `<project_id>/<name>` as media_id (has_vendor_media_id false) and no dataset.
    - Dataloop: items (dataset, media type from the MIME type).
    A figure a vendor does not give is NULL. -#}

with

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

crowdai_phase_media as (
    select
        media_id,
        max(dataset_id) as dataset_id,
        max(frame_count) as frame_count
    from crowdai_workflow_phases
    group by 1
),

crowdai_media_ids as (
    select media_id from crowdai_media
    union
    select media_id from crowdai_phase_media
),

crowdai_media_unioned as (
    select
        'crowdai' as vendor,
        crowdai_media_ids.media_id,
        crowdai_media.parent_media_id,
        coalesce(crowdai_media.dataset_id, crowdai_phase_media.dataset_id) as dataset_id,
        cast(null as {{ dbt.type_string() }}) as media_name,
        case
            when crowdai_phase_media.frame_count is not null then 'video'
            when crowdai_phase_media.media_id is not null then 'image'
        end as media_type,
        crowdai_phase_media.frame_count,
        true as has_vendor_media_id,
        crowdai_media.media_id is not null as is_in_media_file
    from crowdai_media_ids
    left join crowdai_media
        on crowdai_media_ids.media_id = crowdai_media.media_id
    left join crowdai_phase_media
        on crowdai_media_ids.media_id = crowdai_phase_media.media_id
),

labelbox_media as (
    select
        vendor,
        data_row_id as media_id,
        cast(null as {{ dbt.type_string() }}) as parent_media_id,
        dataset_id,
        coalesce(global_key, external_id) as media_name,
        media_type,
        frame_count,
        true as has_vendor_media_id,
        false as is_in_media_file
    from labelbox_data_rows
),

-- An item's latest folder and name in the log.
superannotate_log_items_ranked as (
    select
        project_id,
        item_id,
        item_name,
        folder_id,
        row_number() over (
            partition by item_id order by changed_at desc, source_file desc, source_row desc
        ) as recency_rank
    from superannotate_status_changes
),

superannotate_log_items as (
    select
        project_id,
        item_id,
        item_name,
        folder_id
    from superannotate_log_items_ranked
    where recency_rank = 1
),

superannotate_unlogged_items as (
    select
        superannotate_items.project_id,
        superannotate_items.item_name
    from superannotate_items
    left join superannotate_log_items
        on superannotate_items.project_id = superannotate_log_items.project_id
            and superannotate_items.item_name = superannotate_log_items.item_name
    where superannotate_log_items.item_id is null
),

superannotate_media as (
    select
        'superannotate' as vendor,
        item_id as media_id,
        cast(null as {{ dbt.type_string() }}) as parent_media_id,
        folder_id as dataset_id,
        item_name as media_name,
        cast(null as {{ dbt.type_string() }}) as media_type,
        cast(null as {{ dbt.type_int() }}) as frame_count,
        true as has_vendor_media_id,
        false as is_in_media_file
    from superannotate_log_items

    union all

    select distinct
        'superannotate' as vendor,
        {{ dbt.concat(['project_id', "'/'", 'item_name']) }} as media_id,
        cast(null as {{ dbt.type_string() }}) as parent_media_id,
        cast(null as {{ dbt.type_string() }}) as dataset_id,
        item_name as media_name,
        cast(null as {{ dbt.type_string() }}) as media_type,
        cast(null as {{ dbt.type_int() }}) as frame_count,
        false as has_vendor_media_id,
        false as is_in_media_file
    from superannotate_unlogged_items
),

dataloop_media as (
    select
        vendor,
        item_id as media_id,
        cast(null as {{ dbt.type_string() }}) as parent_media_id,
        dataset_id,
        filename as media_name,
        media_type,
        cast(null as {{ dbt.type_int() }}) as frame_count,
        true as has_vendor_media_id,
        false as is_in_media_file
    from dataloop_items
),

unioned as (
    select * from crowdai_media_unioned
    union all
    select * from labelbox_media
    union all
    select * from superannotate_media
    union all
    select * from dataloop_media
)

select * from unioned

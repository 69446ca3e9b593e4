{#- SuperAnnotate media: the items of the status-change log (item ID, latest name, latest
    folder as the dataset). The item JSON export names an item by project and name only,
    without its ID: a JSON item is the log's item of the same project and name; one the log
    does not know keeps `<project_id>/<name>` as media_id (has_vendor_media_id false) and no
    dataset. -#}

with

status_changes as (
    select * from {{ ref('stg_superannotate__status_changes') }}
),

items as (
    select * from {{ ref('stg_superannotate__items') }}
),

-- An item's latest folder and name in the log.
log_items_ranked as (
    select
        project_id,
        item_id,
        item_name,
        folder_id,
        row_number() over (
            partition by item_id order by changed_at desc, source_file desc, source_row desc
        ) as recency_rank
    from status_changes
),

log_items as (
    select
        project_id,
        item_id,
        item_name,
        folder_id
    from log_items_ranked
    where recency_rank = 1
),

-- Items of the JSON export the log does not name (same project and name).
unlogged_items as (
    select
        project_id,
        item_name
    from items

    except

    select
        project_id,
        item_name
    from log_items
),

final as (
    select
        'superannotate' as vendor,
        item_id as media_id,
        folder_id as dataset_id,
        item_name as media_name,
        true as has_vendor_media_id,
        false as is_in_media_file
    from log_items

    union all

    select distinct
        'superannotate' as vendor,
        {{ dbt.concat(['project_id', "'/'", 'item_name']) }} as media_id,
        cast(null as {{ dbt.type_string() }}) as dataset_id,
        item_name as media_name,
        false as has_vendor_media_id,
        false as is_in_media_file
    from unlogged_items
)

select * from final

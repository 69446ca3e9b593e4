{#- CrowdAI media, one row per media ID: the media lineage file (parent, dataset) and every
    media ID the annotation CSV names (dataset, frame count; video when a frame count is
    given, else image). -#}

with

media as {{ inlined_cte() }} (
    select * from {{ ref('stg_crowdai__media') }}
),

workflow_phases as (
    select * from {{ ref('stg_crowdai__workflow_phases') }}
),

phase_media as (
    select
        media_id,
        max(dataset_id) as dataset_id,
        max(frame_count) as frame_count
    from workflow_phases
    group by 1
),

media_ids as (
    select media_id from media
    union
    select media_id from phase_media
),

final as (
    select
        'crowdai' as vendor,
        media_ids.media_id,
        media.parent_media_id,
        coalesce(media.dataset_id, phase_media.dataset_id) as dataset_id,
        case
            when phase_media.frame_count is not null then 'video'
            when phase_media.media_id is not null then 'image'
        end as media_type,
        phase_media.frame_count,
        true as has_vendor_media_id,
        media.media_id is not null as is_in_media_file
    from media_ids
    left join media
        on media_ids.media_id = media.media_id
    left join phase_media
        on media_ids.media_id = phase_media.media_id
)

select * from final

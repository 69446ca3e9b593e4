{#- Dataloop labels: one label per (item, annotation creator, compared case-insensitively);
    created at the creator's first annotation; seconds from int_dataloop__user_item_durations
    (itemAnnotationDuration of that item and user); model-assisted from
    metadata.system.automated. The project is the item's (int_dataloop__annotations). -#}

with

annotations as (
    select * from {{ ref('int_dataloop__annotations') }}
),

user_item_durations as (
    select * from {{ ref('int_dataloop__user_item_durations') }}
),

annotations_ranked as (
    select
        *,
        row_number() over (
            partition by item_id, lower(creator)
            order by created_at, annotation_position
        ) as creator_annotation_rank
    from annotations
    where creator is not null and creator <> ''
),

creator_labels as (
    select
        item_id,
        lower(creator) as creator_key,
        min(created_at) as created_at,
        case
            when count(is_automated) > 0
                then max(case when is_automated then 1 else 0 end) = 1
        end as is_model_assisted,
        max(project_id) as project_id,
        max(case when creator_annotation_rank = 1 then creator end) as creator,
        max(case when creator_annotation_rank = 1 then source_file end) as source_file,
        max(case when creator_annotation_rank = 1 then source_row end) as source_row
    from annotations_ranked
    group by 1, 2
),

final as (
    select
        'dataloop' as vendor,
        creator_labels.project_id,
        creator_labels.item_id,
        {{ surrogate_key(["'dataloop'", 'creator_labels.item_id', 'creator_labels.creator_key']) }}
            as label_id,
        creator_labels.creator as labeler_user_id,
        creator_labels.created_at,
        user_item_durations.duration_seconds as seconds_to_create,
        creator_labels.is_model_assisted,
        creator_labels.source_file,
        creator_labels.source_row
    from creator_labels
    left join user_item_durations
        on creator_labels.item_id = user_item_durations.item_id
            and creator_labels.creator_key = user_item_durations.user_key
)

select * from final

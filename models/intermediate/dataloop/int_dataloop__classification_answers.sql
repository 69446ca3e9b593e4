{#- One row per Dataloop annotator and item: the classification question `class`, answered by
    the distinct labels of the annotator's class annotations (type `class`) on the item,
    sorted and joined with '|' - several class annotations make a multi-label answer. A class
    annotation without a label makes the answer NULL (listed by a warning test, left out of
    the agreement). The project is the item's as int_dataloop_item_projects_derived derives
    it. stg_dataloop__annotations already holds each annotation's creator, type and label, so
    Dataloop needs no staging model of its own for classifications. -#}

with

annotations as (
    select * from {{ ref('stg_dataloop__annotations') }}
),

item_projects as (
    select * from {{ ref('int_dataloop_item_projects_derived') }}
),

class_annotations as (
    select
        annotations.vendor,
        item_projects.project_id,
        annotations.item_id,
        {{ annotator_id('annotations.vendor', 'annotations.creator') }} as annotator_id,
        trim(annotations.creator) as user_id,
        annotations.label,
        annotations.created_at,
        annotations.source_file,
        annotations.source_row
    from annotations
    left join item_projects
        on annotations.item_id = item_projects.item_id
    where
        lower(annotations.annotation_type) = 'class'
        and annotations.creator is not null
        and trim(annotations.creator) <> ''
),

final as (
    select
        vendor,
        project_id,
        item_id,
        annotator_id,
        min(user_id) as user_id,
        'class' as question,
        case
            when sum(case when label is null or trim(label) = '' then 1 else 0 end) > 0 then null
            else {{ sorted_set_agg('label') }}
        end as answer,
        max(created_at) as answered_at,
        max(source_file) as source_file,
        max(source_row) as source_row
    from class_annotations
    group by 1, 2, 3, 4
)

select * from final

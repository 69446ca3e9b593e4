{#- One row per Dataloop annotator and item: the classification question `class`, answered by
    the distinct labels of the annotator's class annotations (type `class`) on the item,
    sorted and joined with '|' - several class annotations make a multi-label answer. A class
    annotation without a label makes the answer NULL (listed by a warning test, left out of
    the agreement). The project is the item's as int_dataloop_item_projects_derived derives
    it. stg_dataloop__annotations already holds each annotation's creator, type and label, so
    Dataloop needs no staging model of its own for classifications. -#}

with

annotations as (
    select * from {{ ref('int_dataloop__annotations') }}
),

class_annotations as (
    select
        vendor,
        project_id,
        item_id,
        {{ annotator_id('vendor', 'creator') }} as annotator_id,
        trim(creator) as user_id,
        label,
        created_at,
        source_file,
        source_row
    from annotations
    where
        lower(annotation_type) = 'class'
        and creator is not null
        and trim(creator) <> ''
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

{#- One row per SuperAnnotate annotator, item and tag question: for each attribute group of a
    tag class, the question `<className>/<groupName>` is answered by the distinct attribute
    names of that group across the annotator's (createdBy.email) tag instances of that class
    on the item, sorted and joined with '|'. Items are (project_id, item_name), as the other
    SuperAnnotate models key them. An attribute without a name makes the answer NULL, a tag
    without a class name or an attribute without a group name the question NULL (listed by a
    warning test, left out of the agreement). -#}

with

tag_answers as (
    select * from {{ ref('stg_superannotate__tag_answers') }}
),

tag_answers_keyed as (
    select
        vendor,
        project_id,
        item_name as item_id,
        {{ annotator_id('vendor', 'created_by_email') }} as annotator_id,
        created_by_email as user_id,
        {{ dbt.concat(['class_name', "'/'", 'group_name']) }} as question,
        attribute_name,
        created_at,
        source_file,
        source_row
    from tag_answers
    where created_by_email is not null
),

final as (
    select
        vendor,
        project_id,
        item_id,
        annotator_id,
        min(user_id) as user_id,
        question,
        case
            when sum(case when attribute_name is null or trim(attribute_name) = '' then 1 else 0 end) > 0
                then null
            else {{ sorted_set_agg('attribute_name') }}
        end as answer,
        max(created_at) as answered_at,
        max(source_file) as source_file,
        max(source_row) as source_row
    from tag_answers_keyed
    group by 1, 2, 3, 4, 6
)

select * from final

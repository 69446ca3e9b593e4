{#- One row per Labelbox annotator, data row and classification question: the answer of the
    annotator's latest label on that data row in that project (label_details.created_at,
    then the greater label ID; a label without a time counts as oldest). Radio answers are
    the option's value; checklist answers the distinct options sorted and joined with '|'
    (the empty checklist is ''); text answers are not compared. A question whose option has
    neither value nor name gets a NULL answer (listed by a warning test, left out of the
    agreement). -#}

with

classification_answers as (
    select * from {{ ref('stg_labelbox__classification_answers') }}
),

labels as (
    select * from {{ ref('stg_labelbox__labels') }}
),

labels_ranked as (
    select
        vendor,
        project_id,
        data_row_id,
        label_id,
        trim(created_by) as user_id,
        {{ annotator_id('vendor', 'created_by') }} as annotator_id,
        created_at,
        source_file,
        source_row,
        row_number() over (
            partition by project_id, data_row_id, {{ annotator_id('vendor', 'created_by') }}
            order by created_at desc nulls last, label_id desc
        ) as recency_rank
    from labels
    where created_by is not null and trim(created_by) <> ''
),

latest_labels as (
    select * from labels_ranked
    where recency_rank = 1
),

latest_answers as (
    select
        latest_labels.vendor,
        latest_labels.project_id,
        latest_labels.data_row_id as item_id,
        latest_labels.annotator_id,
        latest_labels.user_id,
        classification_answers.question,
        classification_answers.answer_option,
        classification_answers.answer_option is null and not classification_answers.is_empty_set
            as is_unreadable,
        latest_labels.created_at as answered_at,
        latest_labels.source_file,
        latest_labels.source_row
    from latest_labels
    inner join classification_answers
        on latest_labels.label_id = classification_answers.label_id
            and latest_labels.project_id = classification_answers.project_id
    where classification_answers.answer_kind in ('radio', 'checklist')
),

final as (
    select
        vendor,
        project_id,
        item_id,
        annotator_id,
        user_id,
        question,
        case
            when sum(case when is_unreadable then 1 else 0 end) > 0 then null
            else coalesce({{ sorted_set_agg('answer_option') }}, '')
        end as answer,
        answered_at,
        source_file,
        source_row
    from latest_answers
    group by 1, 2, 3, 4, 5, 6, 8, 9, 10
)

select * from final

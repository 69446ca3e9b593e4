{#- Every vendor's classification answers, one row per (vendor, project, item, annotator,
    question): Labelbox radio and checklist classifications, Dataloop class labels,
    SuperAnnotate tag attribute groups (the per-vendor models in labelbox/, dataloop/,
    superannotate/). fct_annotator_agreement compares them. -#}

with

labelbox_answers as (
    select * from {{ ref('int_labelbox__classification_answers') }}
),

dataloop_answers as (
    select * from {{ ref('int_dataloop__classification_answers') }}
),

superannotate_answers as (
    select * from {{ ref('int_superannotate__classification_answers') }}
),

unioned as (
    select * from labelbox_answers
    union all
    select * from dataloop_answers
    union all
    select * from superannotate_answers
),

final as (
    select
        vendor,
        project_id,
        item_id,
        annotator_id,
        user_id,
        question,
        answer,
        answered_at,
        source_file,
        source_row
    from unioned
)

select * from final

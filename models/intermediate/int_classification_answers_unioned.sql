{#- Every vendor's classification answers, one row per (vendor, project, item, annotator,
    question): Labelbox radio and checklist classifications, Dataloop class labels,
    SuperAnnotate tag attribute groups (the per-vendor models in labelbox/, dataloop/,
    superannotate/). fct_annotator_agreement compares them. -#}

with

unioned as (
    {{ union_vendor_models([
        'int_labelbox__classification_answers',
        'int_dataloop__classification_answers',
        'int_superannotate__classification_answers',
    ]) }}
)

select * from unioned

{#- Every vendor's media (the file a task is about), one row per vendor and media ID: the
    union of int_<vendor>__media (CrowdAI, Labelbox, SuperAnnotate, Dataloop). A figure a
    vendor does not give is NULL. -#}

with

unioned as (
    {{ union_vendor_models([
        'int_crowdai__media',
        'int_labelbox__media',
        'int_superannotate__media',
        'int_dataloop__media',
    ]) }}
)

select * from unioned

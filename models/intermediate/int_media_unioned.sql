{#- Every vendor's media (the file a task is about), one row per vendor and media ID: the
    union of int_<vendor>__media (CrowdAI, Labelbox, SuperAnnotate, Dataloop). A figure a
    vendor does not give is NULL. -#}

with

unioned as (
    {{ union_vendor_models(
        ['int_crowdai__media', 'int_labelbox__media', 'int_superannotate__media', 'int_dataloop__media'],
        [
            ['vendor', dbt.type_string()],
            ['media_id', dbt.type_string()],
            ['parent_media_id', dbt.type_string()],
            ['dataset_id', dbt.type_string()],
            ['media_name', dbt.type_string()],
            ['media_type', dbt.type_string()],
            ['frame_count', dbt.type_int()],
            ['has_vendor_media_id', 'boolean'],
            ['is_in_media_file', 'boolean'],
        ],
    ) }}
)

select * from unioned

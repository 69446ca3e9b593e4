{#- Every annotation object whose export names its author, one row per object: the union of
    int_dataloop__annotation_objects and int_superannotate__annotation_objects (the only
    exports that list annotation objects with their authors; none shows removals). -#}

with

unioned as (
    {{ union_vendor_models([
        'int_dataloop__annotation_objects',
        'int_superannotate__annotation_objects',
    ]) }}
)

select * from unioned

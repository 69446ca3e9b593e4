{#- Every vendor's labels, one row per label = one labeler's submitted labeling work on one
    item, stamped with its vendor: the union of int_labelbox__labels, int_crowdai__labels,
    int_superannotate__labels and int_dataloop__labels (each vendor's rule in its model's
    header). Scores and consensus/benchmark fields are Labelbox's only: NULL elsewhere. -#}

with

unioned as (
    {{ union_vendor_models([
        'int_labelbox__labels',
        'int_crowdai__labels',
        'int_superannotate__labels',
        'int_dataloop__labels',
    ]) }}
),

final as (
    select
        *,
        {{ annotator_id('vendor', 'labeler_user_id') }} as labeler_id
    from unioned
)

select * from final

{#- Every vendor's review events, one row per event, each with the vendor user whose work was
    reviewed (labeler) and the reviewer: the union of int_superannotate__reviews,
    int_labelbox__reviews, int_crowdai__reviews and int_dataloop__reviews (each vendor's rule
    in its model's header). -#}

with

unioned as (
    {{ union_vendor_models([
        'int_superannotate__reviews',
        'int_labelbox__reviews',
        'int_crowdai__reviews',
        'int_dataloop__reviews',
    ]) }}
),

final as (
    select
        {{ surrogate_key(['vendor', 'source_name', 'source_file', 'source_row', 'project_id', 'entry_index']) }}
            as review_event_id,
        *
    from unioned
)

select * from final

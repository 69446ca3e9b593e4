{#- Every vendor's review events, one row per event, each with the vendor user whose work was
    reviewed (labeler) and the reviewer: the union of int_superannotate__reviews,
    int_labelbox__reviews, int_crowdai__reviews and int_dataloop__reviews (each vendor's rule
    in its model's header). -#}

with

unioned as (
    {{ union_vendor_models(
        ['int_superannotate__reviews', 'int_labelbox__reviews', 'int_crowdai__reviews', 'int_dataloop__reviews'],
        [
            ['vendor', dbt.type_string()],
            ['project_id', dbt.type_string()],
            ['item_id', dbt.type_string()],
            ['labeler_user_id', dbt.type_string()],
            ['reviewer_user_id', dbt.type_string()],
            ['review_outcome', dbt.type_string()],
            ['reviewed_at', dbt.type_timestamp()],
            ['source_name', dbt.type_string()],
            ['source_file', dbt.type_string()],
            ['source_row', dbt.type_bigint()],
            ['entry_index', dbt.type_int()],
        ],
    ) }}
),

final as (
    select
        {{ surrogate_key(['vendor', 'source_name', 'source_file', 'source_row', 'project_id', 'entry_index']) }}
            as review_event_id,
        vendor,
        project_id,
        item_id,
        labeler_user_id,
        reviewer_user_id,
        review_outcome,
        reviewed_at,
        source_name,
        source_file,
        source_row,
        entry_index
    from unioned
)

select * from final

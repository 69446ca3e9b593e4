{#- Every vendor's labels, one row per label = one labeler's submitted labeling work on one
    item, stamped with its vendor: the union of int_labelbox__labels, int_crowdai__labels,
    int_superannotate__labels and int_dataloop__labels (each vendor's rule in its model's
    header). Scores and consensus/benchmark fields are Labelbox's only: NULL elsewhere. -#}

with

unioned as (
    {{ union_vendor_models(
        ['int_labelbox__labels', 'int_crowdai__labels', 'int_superannotate__labels', 'int_dataloop__labels'],
        [
            ['vendor', dbt.type_string()],
            ['project_id', dbt.type_string()],
            ['item_id', dbt.type_string()],
            ['label_id', dbt.type_string()],
            ['labeler_user_id', dbt.type_string()],
            ['created_at', dbt.type_timestamp()],
            ['seconds_to_create', dbt.type_numeric()],
            ['seconds_to_review', dbt.type_numeric()],
            ['is_skipped', 'boolean'],
            ['is_marked_null', 'boolean'],
            ['is_model_assisted', 'boolean'],
            ['benchmark_score', dbt.type_numeric()],
            ['consensus_score', dbt.type_numeric()],
            ['is_benchmark_reference', 'boolean'],
            ['consensus_label_count', dbt.type_int()],
            ['source_file', dbt.type_string()],
            ['source_row', dbt.type_bigint()],
        ],
    ) }}
),

final as (
    select
        vendor,
        project_id,
        item_id,
        label_id,
        labeler_user_id,
        {{ annotator_id('vendor', 'labeler_user_id') }} as labeler_id,
        created_at,
        seconds_to_create,
        seconds_to_review,
        is_skipped,
        is_marked_null,
        is_model_assisted,
        benchmark_score,
        consensus_score,
        is_benchmark_reference,
        cast(consensus_label_count as {{ dbt.type_int() }}) as consensus_label_count,
        source_file,
        source_row
    from unioned
)

select * from final

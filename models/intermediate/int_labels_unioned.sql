{#- Every vendor's labels, one row per label = one labeler's submitted labeling work on one
    item, stamped with its vendor: the union of int_labelbox__labels, int_crowdai__labels,
    int_superannotate__labels and int_dataloop__labels (each vendor's rule in its model's
    header). Scores and consensus/benchmark fields are Labelbox's only: NULL elsewhere.
    Incremental by item (macros/config/incremental_by_key.sql): a run rewrites the labels of
    the items whose vendor rows changed. -#}
{%- set vendor_models = [
    'int_labelbox__labels',
    'int_crowdai__labels',
    'int_superannotate__labels',
    'int_dataloop__labels',
] %}
{%- set item_key = ['vendor', 'project_id', 'item_id'] %}
{{ config(**incremental_by_key(vendor_models, item_key)) }}

with

unioned as (
    {{ union_vendor_models(vendor_models) }}
),

{{ changed_key_rows('unioned', vendor_models, item_key) }},

final as (
    select
        vendor,
        project_id,
        item_id,
        label_id,
        labeler_user_id,
        created_at,
        seconds_to_create,
        seconds_to_review,
        is_skipped,
        is_marked_null,
        is_model_assisted,
        benchmark_score,
        consensus_score,
        is_benchmark_reference,
        consensus_label_count,
        source_file,
        source_row,
        {{ annotator_id('vendor', 'labeler_user_id') }} as labeler_id,
        incremental_key,
        key_input_hash as input_hash
    from changed_key_rows
)

select * from final

{#- One row per label, every vendor (int_labels_unioned): who labeled which item when, the
    time the vendor reports for it and its quality scores (0..1, Labelbox only; a "not
    computed" sentinel such as -1 is NULL). Incremental by item like its input
    (macros/config/incremental_by_key.sql). -#}
{%- set item_key = ['vendor', 'project_id', 'item_id'] %}
{{ config(**incremental_by_key(['int_labels_unioned'], row_key_columns=item_key)) }}

with

labels as (
    select * from {{ ref('int_labels_unioned') }}
),

{{ changed_key_rows('labels', ['int_labels_unioned']) }},

final as (
    select
        vendor,
        project_id,
        item_id,
        label_id,
        labeler_id,
        {{ pii('labeler_user_id') }} as labeler_user_id,
        created_at,
        seconds_to_create,
        seconds_to_review,
        is_skipped,
        is_marked_null,
        is_model_assisted,
        benchmark_score,
        consensus_score,
        is_benchmark_reference,
        consensus_label_count
    from changed_key_rows
)

select * from final

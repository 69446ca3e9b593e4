{#- Every vendor's review events, one row per event, each with the vendor user whose work was
    reviewed (labeler) and the reviewer: the union of int_superannotate__reviews,
    int_labelbox__reviews, int_crowdai__reviews and int_dataloop__reviews (each vendor's rule
    in its model's header).
    Incremental by file (macros/config/incremental_by_key.sql): a run rewrites the events
    of the source files whose vendor rows changed. -#}
{%- set vendor_models = [
    'int_superannotate__reviews',
    'int_labelbox__reviews',
    'int_crowdai__reviews',
    'int_dataloop__reviews',
] %}
{%- set file_key = ['vendor', 'source_file'] %}
{{ config(**incremental_by_key(vendor_models, file_key)) }}

with

unioned as (
    {{ union_vendor_models(vendor_models) }}
),

{{ changed_key_rows('unioned', vendor_models, file_key) }},

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
        entry_index,
        incremental_key,
        key_input_hash as input_hash
    from changed_key_rows
)

select * from final

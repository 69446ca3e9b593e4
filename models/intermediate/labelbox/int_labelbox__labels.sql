{#- Labelbox labels, one row per staged label (data row = item): scores, skip and benchmark
    flags as staged (the -1 "not computed" sentinel is already NULL there); marked null = a
    non-skipped label with no objects and no classifications. -#}

with

labels as (
    select * from {{ ref('stg_labelbox__labels') }}
),

final as (
    select
        vendor,
        project_id,
        data_row_id as item_id,
        label_id,
        created_by as labeler_user_id,
        created_at,
        seconds_to_create,
        seconds_to_review,
        is_skipped,
        case
            when coalesce(is_skipped, false) then false
            when object_count is null or classification_count is null then null
            else object_count + classification_count = 0
        end as is_marked_null,
        benchmark_score,
        consensus_score,
        is_benchmark_reference,
        cast(consensus_label_count as {{ dbt.type_int() }}) as consensus_label_count,
        source_file,
        source_row
    from labels
)

select * from final

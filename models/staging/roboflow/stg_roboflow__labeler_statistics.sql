{#- Roboflow's own per-labeler figures (vendor-reported), one row per labeler, project and
    export period. Counts are as the vendor gives them; NULL = the export had no such column
    or left it blank. -#}

with

source as (
    select * from {{ ref('base_roboflow__annotation_insights') }}
    where rejection_reason is null and not is_duplicate
),

renamed as (
    select
        vendor,
        labeler as annotator_id,
        project as project_id,
        labeler,
        project,
        period_start_date,
        period_end_date,
        period_start_date is not null and period_end_date is not null as has_known_period,
        period_source,
        images_labeled,
        net_annotations,
        annotations_added,
        annotations_removed,
        annotations_updated,
        model_assisted,
        marked_null,
        approved,
        rejected,
        approval_rate_raw,
        approval_rate,
        source_file,
        source_row
    from source
)

select * from renamed

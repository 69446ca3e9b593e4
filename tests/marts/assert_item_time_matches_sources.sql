-- Vertical integrity of fct_item_annotation_time: per vendor, the time on items adds up to the
-- time the sources report (Labelbox seconds_to_create + seconds_to_review, CrowdAI TimeSecs of
-- every phase, SuperAnnotate credited editor time, Dataloop itemAnnotationDuration for
-- labeling). Fails with every vendor whose totals differ.
with

item_time as (
    select * from {{ ref('fct_item_annotation_time') }}
),

labelbox_labels as (
    select * from {{ ref('stg_labelbox__labels') }}
),

crowdai_workflow_phases as (
    select * from {{ ref('stg_crowdai__workflow_phases') }}
),

editor_gaps as (
    select * from {{ ref('int_editor_samples_sessionized') }}
),

dataloop_item_annotation_durations as (
    select * from {{ ref('stg_dataloop__item_annotation_durations') }}
),

source_totals as (
    select
        'labelbox' as vendor,
        coalesce(sum(seconds_to_create), 0) + coalesce(sum(seconds_to_review), 0) as total_seconds
    from labelbox_labels

    union all

    select
        'crowdai' as vendor,
        sum(case when phase in ('annotate', 'review', 'final_review') then work_seconds end) as total_seconds
    from crowdai_workflow_phases

    union all

    select
        'superannotate' as vendor,
        sum(credited_seconds) as total_seconds
    from editor_gaps

    union all

    select
        'dataloop' as vendor,
        sum(duration_seconds) as total_seconds
    from dataloop_item_annotation_durations
),

mart_totals as (
    select
        vendor,
        coalesce(sum(annotation_seconds), 0)
        + case when vendor = 'dataloop' then 0 else coalesce(sum(review_seconds), 0) end as total_seconds
    from item_time
    group by 1
),

compared as (
    select
        source_totals.vendor,
        source_totals.total_seconds as source_seconds,
        mart_totals.total_seconds as mart_seconds
    from source_totals
    left join mart_totals
        on source_totals.vendor = mart_totals.vendor
)

select * from compared
where abs(coalesce(source_seconds, 0) - coalesce(mart_seconds, 0)) > 0.001

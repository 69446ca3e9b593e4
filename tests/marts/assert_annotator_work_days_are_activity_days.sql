{{ config(severity='warn') }}
{#- Every annotator-day of fct_annotator_daily with work of the annotator's own (a label, a
    review performed, annotation objects added or updated, reported labeling, review or editor
    seconds) is an annotator-day of fct_annotator_activity_daily: whoever worked on a day was
    active that day. A warning, not an error: the two read different unions of the exports
    (int_annotator_work_unioned and int_annotator_activities_unioned), and a day listed here
    is work the activity union does not see. Returns those annotator-days. -#}
with

work_days as (
    select
        activity_date,
        vendor,
        project_id,
        annotator_id
    from {{ ref('fct_annotator_daily') }}
    where
        labels_submitted > 0
        or reviews_performed > 0
        or coalesce(annotations_added, 0) > 0
        or coalesce(annotations_updated, 0) > 0
        or coalesce(labeling_seconds, 0) > 0
        or coalesce(review_seconds, 0) > 0
        or coalesce(active_seconds, 0) > 0
),

activity_days as (
    select * from {{ ref('fct_annotator_activity_daily') }}
),

final as (
    select work_days.*
    from work_days
    left join activity_days
        on
            work_days.activity_date = activity_days.activity_date
            and work_days.vendor = activity_days.vendor
            and work_days.project_id = activity_days.project_id
            and work_days.annotator_id = activity_days.annotator_id
    where activity_days.annotator_id is null
)

select * from final

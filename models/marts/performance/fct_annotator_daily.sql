{#- Per date, vendor, project and annotator inside the retention window: what the annotator
    labeled, the annotation objects they added or changed, the review events on their work
    (dated by the review) and by them, and the seconds the vendor reports. A figure the vendor
    does not provide at all (no skip flag, no annotation objects, no per-label seconds, no
    editor time in its exports) is NULL for that vendor, never 0. -#}
with

work_events as {{ inlined_cte() }} (
    select * from {{ ref('int_annotator_work_unioned') }}
),

editor_time as {{ inlined_cte() }} (
    select * from {{ ref('fct_editor_time_daily') }}
),

vendor_figures as (
    select
        vendor,
        max(case when event_type = 'label' and is_skipped is not null then 1 else 0 end) = 1
            as has_skipped,
        max(case when event_type = 'label' and is_marked_null is not null then 1 else 0 end) = 1
            as has_marked_null,
        max(case when event_type = 'label' and is_model_assisted is not null then 1 else 0 end) = 1
            as has_model_assisted,
        max(case when event_type = 'annotation_added' then 1 else 0 end) = 1
            as has_annotation_objects,
        max(case when event_type = 'label' and work_seconds is not null then 1 else 0 end) = 1
            as has_labeling_seconds,
        max(case when event_type = 'review_work' and work_seconds is not null then 1 else 0 end) = 1
            as has_review_seconds
    from work_events
    group by 1
),

editor_vendors as (
    select distinct vendor
    from editor_time
),

window_events as (
    select *
    from work_events
    where event_date between cast('{{ window_start_date() }}' as date) and cast('{{ as_of_date() }}' as date)
),

work_per_item as (
    {#- Per annotator, item and date first: each distinct-item figure becomes a flag counted
        below (a count(distinct) per figure keeps a hash table each: 4x the time). -#}
    select
        event_date as activity_date,
        vendor,
        project_id,
        annotator_id,
        item_id,
        max(case when event_type = 'label' and not coalesce(is_skipped, false) then 1 else 0 end)
            as is_labeled,
        max(case when event_type = 'label' and is_skipped then 1 else 0 end) as is_skipped_item,
        max(case when event_type = 'label' and is_marked_null then 1 else 0 end) as is_marked_null_item,
        max(case when event_type = 'label' and is_model_assisted then 1 else 0 end)
            as is_model_assisted_item,
        count(case when event_type = 'label' then 1 end) as labels_submitted,
        count(case when event_type = 'annotation_added' then 1 end) as annotations_added,
        count(case when event_type = 'annotation_updated' then 1 end) as annotations_updated,
        count(case when event_type = 'review_received' and review_outcome = 'approve' then 1 end)
            as approve_events,
        count(case when event_type = 'review_received' and review_outcome = 'reject' then 1 end)
            as rejection_events,
        count(case when event_type = 'review_performed' then 1 end) as reviews_performed,
        sum(case when event_type = 'label' then work_seconds else 0 end) as labeling_seconds,
        sum(case when event_type = 'review_work' then work_seconds else 0 end) as review_seconds
    from window_events
    group by 1, 2, 3, 4, 5
),

work_daily as (
    select
        activity_date,
        vendor,
        project_id,
        annotator_id,
        count(case when item_id is not null and is_labeled = 1 then 1 end) as items_labeled,
        cast(sum(labels_submitted) as {{ dbt.type_bigint() }}) as labels_submitted,
        count(case when item_id is not null and is_skipped_item = 1 then 1 end) as items_skipped,
        count(case when item_id is not null and is_marked_null_item = 1 then 1 end) as items_marked_null,
        count(case when item_id is not null and is_model_assisted_item = 1 then 1 end)
            as items_model_assisted,
        cast(sum(annotations_added) as {{ dbt.type_bigint() }}) as annotations_added,
        cast(sum(annotations_updated) as {{ dbt.type_bigint() }}) as annotations_updated,
        cast(sum(approve_events) as {{ dbt.type_bigint() }}) as approve_events,
        cast(sum(rejection_events) as {{ dbt.type_bigint() }}) as rejection_events,
        cast(sum(reviews_performed) as {{ dbt.type_bigint() }}) as reviews_performed,
        sum(labeling_seconds) as labeling_seconds,
        sum(review_seconds) as review_seconds
    from work_per_item
    group by 1, 2, 3, 4
),

editor_daily as (
    select
        activity_date,
        vendor,
        project_id,
        annotator_id,
        sum(active_seconds) as active_seconds
    from editor_time
    where annotator_id is not null
    group by 1, 2, 3, 4
),

daily_keys as (
    select
        activity_date,
        vendor,
        project_id,
        annotator_id
    from work_daily
    union
    select
        activity_date,
        vendor,
        project_id,
        annotator_id
    from editor_daily
),

daily_figures as (
    select
        daily_keys.activity_date,
        daily_keys.vendor,
        daily_keys.project_id,
        daily_keys.annotator_id,
        coalesce(work_daily.items_labeled, 0) as items_labeled,
        coalesce(work_daily.labels_submitted, 0) as labels_submitted,
        case when vendor_figures.has_skipped then coalesce(work_daily.items_skipped, 0) end as items_skipped,
        case when vendor_figures.has_marked_null then coalesce(work_daily.items_marked_null, 0) end
            as items_marked_null,
        case when vendor_figures.has_model_assisted then coalesce(work_daily.items_model_assisted, 0) end
            as items_model_assisted,
        case when vendor_figures.has_annotation_objects then coalesce(work_daily.annotations_added, 0) end
            as annotations_added,
        cast(null as {{ dbt.type_bigint() }}) as annotations_removed,
        case when vendor_figures.has_annotation_objects then coalesce(work_daily.annotations_updated, 0) end
            as annotations_updated,
        coalesce(work_daily.approve_events, 0) as approve_events,
        coalesce(work_daily.rejection_events, 0) as rejection_events,
        coalesce(work_daily.reviews_performed, 0) as reviews_performed,
        case when vendor_figures.has_labeling_seconds then coalesce(work_daily.labeling_seconds, 0) end
            as labeling_seconds,
        case when vendor_figures.has_review_seconds then coalesce(work_daily.review_seconds, 0) end
            as review_seconds,
        case when editor_vendors.vendor is not null then coalesce(editor_daily.active_seconds, 0) end
            as active_seconds
    from daily_keys
    left join work_daily
        on daily_keys.activity_date = work_daily.activity_date
            and daily_keys.vendor = work_daily.vendor
            and daily_keys.project_id = work_daily.project_id
            and daily_keys.annotator_id = work_daily.annotator_id
    left join editor_daily
        on daily_keys.activity_date = editor_daily.activity_date
            and daily_keys.vendor = editor_daily.vendor
            and daily_keys.project_id = editor_daily.project_id
            and daily_keys.annotator_id = editor_daily.annotator_id
    left join vendor_figures
        on daily_keys.vendor = vendor_figures.vendor
    left join editor_vendors
        on daily_keys.vendor = editor_vendors.vendor
),

final as (
    select
        activity_date,
        vendor,
        project_id,
        annotator_id,
        items_labeled,
        labels_submitted,
        items_skipped,
        items_marked_null,
        items_model_assisted,
        annotations_added,
        annotations_removed,
        annotations_updated,
        annotations_added - annotations_removed as net_annotations,
        approve_events,
        rejection_events,
        reviews_performed,
        labeling_seconds,
        review_seconds,
        active_seconds
    from daily_figures
)

select * from final

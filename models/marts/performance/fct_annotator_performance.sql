{#- Roboflow's Labeler Statistics for every vendor, plus time and quality, per vendor, project
    and annotator over the retention window. Computed rows (source `computed`) cover the window
    (period_start_date .. period_end_date = the window); Roboflow's own rows (source
    `vendor_reported`) come as exported, one per export period overlapping the window, so a
    Roboflow labeler may have several rows. A figure the vendor does not provide is NULL. -#}
with

work_events as {{ inlined_cte() }} (
    select * from {{ ref('int_annotator_work_unioned') }}
),

annotator_daily as (
    select * from {{ ref('fct_annotator_daily') }}
),

roboflow_labeler_statistics as (
    select * from {{ ref('int_roboflow__labeler_statistics') }}
),

window_events as (
    select *
    from work_events
    where event_date between cast('{{ window_start_date() }}' as date) and cast('{{ as_of_date() }}' as date)
),

-- Per annotator and item first: each distinct-item figure becomes a flag counted below (a
-- count(distinct) per figure keeps a hash table each).
label_items as (
    select
        vendor,
        project_id,
        annotator_id,
        item_id,
        max(case when not coalesce(is_skipped, false) then 1 else 0 end) as is_labeled,
        max(case when is_model_assisted then 1 else 0 end) as is_model_assisted_item,
        max(case when is_marked_null then 1 else 0 end) as is_marked_null_item,
        coalesce(sum(work_seconds), 0) as labeling_seconds
    from window_events
    where event_type = 'label'
    group by 1, 2, 3, 4
),

label_figures as (
    select
        vendor,
        project_id,
        annotator_id,
        count(case when item_id is not null and is_labeled = 1 then 1 end) as images_labeled,
        count(case when item_id is not null and is_model_assisted_item = 1 then 1 end) as model_assisted,
        count(case when item_id is not null and is_marked_null_item = 1 then 1 end) as marked_null
    from label_items
    group by 1, 2, 3
),

label_scores as (
    select
        vendor,
        project_id,
        annotator_id,
        avg(benchmark_score) as avg_benchmark_score,
        avg(consensus_score) as avg_consensus_score
    from window_events
    where event_type = 'label'
    group by 1, 2, 3
),

-- The labeling seconds behind avg_seconds_per_item, per labeled item: every second of the
-- annotator's labels on the item in the window (a skipped attempt on an item labeled later
-- included, as in labeling_seconds), over the items images_labeled counts. An item whose
-- labels carry no seconds counts 0, as in labeling_seconds; a vendor without per-label
-- seconds gets NULL below.
item_labeling_seconds as (
    select * from label_items
    where is_labeled = 1
),

item_seconds_percentiles as (
    select
        vendor,
        project_id,
        annotator_id,
        {{ percentile_continuous('labeling_seconds', 0.5) }} as median_seconds_per_item,
        {{ percentile_continuous('labeling_seconds', 0.9) }} as p90_seconds_per_item
    from item_labeling_seconds
    group by 1, 2, 3
),

-- review events on each labeler's item: reviewed / approved inside the window, rejected at any
-- time up to the window's end (a rejection before the window still spoils the first pass)
reviewed_items as (
    select
        vendor,
        project_id,
        annotator_id,
        item_id,
        max(
            case
                when event_date >= cast('{{ window_start_date() }}' as date) then 1 else 0
            end
        ) as is_reviewed_in_window,
        max(
            case
                when
                    review_outcome = 'approve'
                    and event_date >= cast('{{ window_start_date() }}' as date)
                    then 1
                else 0
            end
        ) as is_approved_in_window,
        max(case when review_outcome = 'reject' then 1 else 0 end) as was_ever_rejected,
        sum(
            case
                when
                    review_outcome = 'reject'
                    and event_date >= cast('{{ window_start_date() }}' as date)
                    then 1
                else 0
            end
        ) as rejection_events
    from work_events
    where
        event_type = 'review_received'
        and event_date <= cast('{{ as_of_date() }}' as date)
    group by 1, 2, 3, 4
),

review_figures as (
    select
        vendor,
        project_id,
        annotator_id,
        count(case when is_reviewed_in_window = 1 then 1 end) as items_reviewed,
        count(case when is_approved_in_window = 1 then 1 end) as items_approved,
        cast(sum(rejection_events) as {{ dbt.type_bigint() }}) as rejection_events,
        count(case when is_approved_in_window = 1 and was_ever_rejected = 0 then 1 end)
            as first_pass_approved_items
    from reviewed_items
    group by 1, 2, 3
),

daily_figures as (
    select
        vendor,
        project_id,
        annotator_id,
        cast(sum(annotations_added) as {{ dbt.type_bigint() }}) as annotations_added,
        cast(sum(annotations_removed) as {{ dbt.type_bigint() }}) as annotations_removed,
        cast(sum(annotations_updated) as {{ dbt.type_bigint() }}) as annotations_updated,
        sum(labeling_seconds) as labeling_seconds,
        sum(review_seconds) as review_seconds,
        sum(active_seconds) as active_seconds,
        -- a vendor's NULL figure stays NULL (sum of NULLs), a 0 stays 0
        count(items_marked_null) as marked_null_days,
        count(items_model_assisted) as model_assisted_days
    from annotator_daily
    group by 1, 2, 3
),

performance_keys as (
    select
        vendor,
        project_id,
        annotator_id
    from daily_figures
    union
    select
        vendor,
        project_id,
        annotator_id
    from review_figures
    where items_reviewed > 0
),

computed as (
    select
        performance_keys.vendor,
        performance_keys.project_id,
        performance_keys.annotator_id,
        cast('{{ window_start_date() }}' as date) as period_start_date,
        cast('{{ as_of_date() }}' as date) as period_end_date,
        coalesce(label_figures.images_labeled, 0) as images_labeled,
        daily_figures.annotations_added,
        daily_figures.annotations_removed,
        daily_figures.annotations_updated,
        case when daily_figures.model_assisted_days > 0 then coalesce(label_figures.model_assisted, 0) end
            as model_assisted,
        case when daily_figures.marked_null_days > 0 then coalesce(label_figures.marked_null, 0) end
            as marked_null,
        coalesce(review_figures.items_reviewed, 0) as items_reviewed,
        coalesce(review_figures.items_approved, 0) as items_approved,
        coalesce(review_figures.rejection_events, 0) as rejection_events,
        coalesce(review_figures.first_pass_approved_items, 0) as first_pass_approved_items,
        daily_figures.labeling_seconds,
        daily_figures.review_seconds,
        daily_figures.active_seconds,
        -- NULL where the vendor reports no labeling seconds (labeling_seconds NULL)
        case
            when daily_figures.labeling_seconds is not null
                then item_seconds_percentiles.median_seconds_per_item
        end as median_seconds_per_item,
        case
            when daily_figures.labeling_seconds is not null
                then item_seconds_percentiles.p90_seconds_per_item
        end as p90_seconds_per_item,
        label_scores.avg_benchmark_score,
        label_scores.avg_consensus_score,
        'computed' as source,  -- noqa: RF04
        cast(null as {{ dbt.type_string() }}) as source_file
    from performance_keys
    left join label_figures
        on performance_keys.vendor = label_figures.vendor
            and performance_keys.project_id = label_figures.project_id
            and performance_keys.annotator_id = label_figures.annotator_id
    left join label_scores
        on performance_keys.vendor = label_scores.vendor
            and performance_keys.project_id = label_scores.project_id
            and performance_keys.annotator_id = label_scores.annotator_id
    left join review_figures
        on performance_keys.vendor = review_figures.vendor
            and performance_keys.project_id = review_figures.project_id
            and performance_keys.annotator_id = review_figures.annotator_id
    left join daily_figures
        on performance_keys.vendor = daily_figures.vendor
            and performance_keys.project_id = daily_figures.project_id
            and performance_keys.annotator_id = daily_figures.annotator_id
    left join item_seconds_percentiles
        on performance_keys.vendor = item_seconds_percentiles.vendor
            and performance_keys.project_id = item_seconds_percentiles.project_id
            and performance_keys.annotator_id = item_seconds_percentiles.annotator_id
),

computed_with_rates as (
    select
        *,
        cast(first_pass_approved_items as {{ type_double() }})
        / nullif(items_reviewed, 0) as first_pass_approval_rate,
        labeling_seconds / nullif(images_labeled, 0) as avg_seconds_per_item,
        cast(null as {{ dbt.type_bigint() }}) as vendor_net_annotations
    from computed
),

-- Roboflow's rows as exported, those whose range overlaps the window
-- (int_roboflow__labeler_statistics)
vendor_reported as (
    select
        vendor,
        project_id,
        annotator_id,
        period_start_date,
        period_end_date,
        images_labeled,
        annotations_added,
        annotations_removed,
        annotations_updated,
        model_assisted,
        marked_null,
        cast(null as {{ dbt.type_bigint() }}) as items_reviewed,
        items_approved,
        rejection_events,
        cast(null as {{ dbt.type_bigint() }}) as first_pass_approved_items,
        cast(null as {{ type_double() }}) as labeling_seconds,
        cast(null as {{ type_double() }}) as review_seconds,
        cast(null as {{ type_double() }}) as active_seconds,
        cast(null as {{ type_double() }}) as median_seconds_per_item,
        cast(null as {{ type_double() }}) as p90_seconds_per_item,
        cast(null as {{ type_double() }}) as avg_benchmark_score,
        cast(null as {{ type_double() }}) as avg_consensus_score,
        'vendor_reported' as source,  -- noqa: RF04
        source_file,
        first_pass_approval_rate,
        cast(null as {{ type_double() }}) as avg_seconds_per_item,
        vendor_net_annotations
    from roboflow_labeler_statistics
    where is_in_window
),

unioned as (
    select * from computed_with_rates
    union all
    select * from vendor_reported
),

final as (
    select
        vendor,
        project_id,
        annotator_id,
        period_start_date,
        period_end_date,
        source,
        images_labeled,
        -- Roboflow's own net figure as exported; else added - removed
        coalesce(vendor_net_annotations, annotations_added - annotations_removed) as net_annotations,
        annotations_added,
        annotations_removed,
        annotations_updated,
        model_assisted,
        marked_null,
        items_reviewed,
        items_approved,
        rejection_events,
        first_pass_approved_items,
        first_pass_approval_rate,
        -- the Wilson score interval of the rate; NULL wherever the counts behind it are
        -- (nothing reviewed; Roboflow's rows, whose export gives no reviewed-item counts)
        {{ wilson_interval_bound('first_pass_approved_items', 'items_reviewed', 'lower') }}
            as first_pass_approval_rate_lower_95,
        {{ wilson_interval_bound('first_pass_approved_items', 'items_reviewed', 'upper') }}
            as first_pass_approval_rate_upper_95,
        labeling_seconds,
        review_seconds,
        active_seconds,
        avg_seconds_per_item,
        median_seconds_per_item,
        p90_seconds_per_item,
        avg_benchmark_score,
        avg_consensus_score,
        source_file
    from unioned
)

select * from final

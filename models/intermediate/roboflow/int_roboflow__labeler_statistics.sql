{#- Roboflow's Labeler Statistics, one row per exported row, in the performance marts' terms:
    approved is items_approved, rejected is rejection_events, the Approval Rate (a fraction)
    is first_pass_approval_rate, Net Annotations is vendor_net_annotations. is_in_window: the
    row's range overlaps the retention window (a missing bound is open; a row whose range is
    wholly unknown cannot be placed and is not in it). -#}

with

labeler_statistics as (
    select * from {{ ref('stg_roboflow__labeler_statistics') }}
),

final as (
    select
        vendor,
        project_id,
        labeler,
        {{ annotator_id('vendor', 'labeler') }} as annotator_id,
        period_start_date,
        period_end_date,
        images_labeled,
        annotations_added,
        annotations_removed,
        annotations_updated,
        model_assisted,
        marked_null,
        approved as items_approved,
        rejected as rejection_events,
        approval_rate as first_pass_approval_rate,
        net_annotations as vendor_net_annotations,
        coalesce(
            (period_start_date is not null or period_end_date is not null)
            and coalesce(period_start_date, cast('{{ as_of_date() }}' as date))
            <= cast('{{ as_of_date() }}' as date)
            and coalesce(period_end_date, cast('{{ window_start_date() }}' as date))
            >= cast('{{ window_start_date() }}' as date),
            false
        ) as is_in_window,
        source_file,
        source_row
    from labeler_statistics
)

select * from final

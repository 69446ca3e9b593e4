{#- Every trace of a Roboflow user: one row per Labeler Statistics row, a per-period report
    without an item or a time of its own. -#}

with

labeler_statistics as (
    select * from {{ ref('int_roboflow__labeler_statistics') }}
),

final as (
    select
        vendor,
        project_id,
        labeler as user_id,
        'vendor_report' as activity_type,
        'instant' as activity_granularity,
        {{ surrogate_key(["'labeler_statistics'", 'source_file', 'source_row']) }} as activity_key
    from labeler_statistics
)

select * from final

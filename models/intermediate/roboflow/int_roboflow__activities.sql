{#- Every trace of a Roboflow user: one row per Labeler Statistics row, a per-period report
    without an item or a time of its own. -#}
{#- A view: its one reader, int_annotator_activities_unioned, hashes it whole every run; a
    table would also be written whole every run. -#}
{{ config(materialized='view') }}

with

labeler_statistics as (
    select * from {{ ref('int_roboflow__labeler_statistics') }}
),

final as (

    {{ activity_rows(
        'labeler_statistics', "'vendor_report'", none,
        'labeler_statistics', ['source_file', 'source_row'], user_id='labeler', item_id=none,
    ) }}
)

select * from final

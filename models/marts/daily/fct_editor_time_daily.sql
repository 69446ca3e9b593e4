with

editor_gaps as (
    select * from {{ ref('int_editor_samples_sessionized') }}
),

superannotate_daily as (
    select
        activity_date,
        vendor,
        project_id,
        annotator_id,
        item_id,
        sum(credited_seconds) as active_seconds,
        count(*) as sample_count
    from editor_gaps
    where activity_date between cast('{{ window_start_date() }}' as date) and cast('{{ as_of_date() }}' as date)
    group by 1, 2, 3, 4, 5
),

final as (
    select * from superannotate_daily
)

select * from final

{#- Editor working time per date, annotator and item, inside the retention window.
    - SuperAnnotate: the credited gaps of int_editor_samples_sessionized (a gap belongs to its
      first sample's date), read through their hourly sums (int_editor_time_hourly);
      sample_count = the distinct samples of that date.
    - Dataloop: the `active` durations of userStatsActivityTimeByField, dated by the user's
      work on the item (int_dataloop__editor_time_daily). sample_count is NULL (Dataloop
      reports durations, not samples). -#}
with

editor_hours as (
    select * from {{ ref('int_editor_time_hourly') }}
),

dataloop_editor_time_daily as (
    select * from {{ ref('int_dataloop__editor_time_daily') }}
),

superannotate_daily as (
    select
        activity_date,
        vendor,
        project_id,
        annotator_id,
        item_id,
        sum(active_seconds) as active_seconds,
        cast(sum(sample_count) as {{ dbt.type_bigint() }}) as sample_count
    from editor_hours
    where activity_date between cast('{{ window_start_date() }}' as date) and cast('{{ as_of_date() }}' as date)
    group by 1, 2, 3, 4, 5
),

dataloop_daily as (
    select
        activity_date,
        vendor,
        project_id,
        annotator_id,
        item_id,
        active_seconds,
        cast(null as {{ dbt.type_bigint() }}) as sample_count
    from dataloop_editor_time_daily
),

unioned as (
    select * from superannotate_daily
    union all
    select * from dataloop_daily
),

final as (
    select
        activity_date,
        vendor,
        project_id,
        annotator_id,
        item_id,
        active_seconds,
        sample_count
    from unioned
    where activity_date between cast('{{ window_start_date() }}' as date) and cast('{{ as_of_date() }}' as date)
)

select * from final

{#- How long items stay in each status, per vendor, project, status and week, inside the
    retention window: the transitions that left the status that week (a transition between the
    same status leaves nothing) and the hours the items had spent in it, from their move into
    the status to the move out (int_status_stays_derived). A week is Monday to Sunday (UTC) and
    holds the stays that ended in it; the weeks cut by the window's edges count only their
    dates inside it. A stay whose start the log does not show (an item's first status) counts
    in transitions_out but has no hours. -#}
with

stays as (
    select * from {{ ref('int_status_stays_derived') }}
),

window_stays as (
    select
        vendor,
        project_id,
        status,
        {#- Monday on every engine (ISO weeks: DuckDB, PostgreSQL and Spark date_trunc). -#}
        cast({{ dbt.date_trunc('week', 'left_at') }} as date) as week_start,
        seconds_in_status / 3600.0 as hours_in_status
    from stays
    where
        left_at >= cast('{{ window_start_date() }}' as timestamp)
        and left_at < cast('{{ day_after_as_of_date() }}' as timestamp)
),

weekly as (
    select
        vendor,
        project_id,
        status,
        week_start,
        count(*) as transitions_out,
        count(hours_in_status) as transitions_out_timed,
        {{ percentile_continuous('hours_in_status', 0.5) }} as median_hours_in_status,
        {{ percentile_continuous('hours_in_status', 0.9) }} as p90_hours_in_status,
        max(hours_in_status) as max_hours_in_status
    from window_stays
    group by 1, 2, 3, 4
),

final as (
    select
        vendor,
        project_id,
        status,
        week_start,
        transitions_out,
        transitions_out_timed,
        median_hours_in_status,
        p90_hours_in_status,
        max_hours_in_status
    from weekly
)

select * from final

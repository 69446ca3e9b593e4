-- Every transition out of a status inside the window is in one week of fct_status_dwell and
-- in one day of fct_daily_status_flow (item_count_out), and each week starts on a Monday
-- (a whole number of weeks after Monday 2024-01-01). Fails with every vendor, project and
-- status whose totals differ, and with every week that does not start on a Monday.
with

dwell as (
    select * from {{ ref('fct_status_dwell') }}
),

daily_flow as (
    select * from {{ ref('fct_daily_status_flow') }}
),

dwell_totals as (
    select
        vendor,
        project_id,
        status,
        sum(transitions_out) as transitions_out
    from dwell
    group by 1, 2, 3
),

flow_totals as (
    select
        vendor,
        project_id,
        status,
        sum(item_count_out) as transitions_out
    from daily_flow
    group by 1, 2, 3
    having sum(item_count_out) > 0
),

unequal_totals as (
    select
        coalesce(dwell_totals.vendor, flow_totals.vendor) as vendor,
        coalesce(dwell_totals.project_id, flow_totals.project_id) as project_id,
        coalesce(dwell_totals.status, flow_totals.status) as status,
        cast(null as date) as week_start,
        dwell_totals.transitions_out as dwell_transitions_out,
        flow_totals.transitions_out as flow_transitions_out
    from dwell_totals
    full outer join flow_totals
        on dwell_totals.vendor = flow_totals.vendor
            and dwell_totals.project_id = flow_totals.project_id
            and dwell_totals.status = flow_totals.status
    where
        dwell_totals.transitions_out is null
        or flow_totals.transitions_out is null
        or dwell_totals.transitions_out <> flow_totals.transitions_out
),

weeks_off_monday as (
    select
        vendor,
        project_id,
        status,
        week_start,
        transitions_out as dwell_transitions_out,
        cast(null as {{ dbt.type_bigint() }}) as flow_transitions_out
    from dwell
    where mod({{ dbt.datediff("cast('2024-01-01' as date)", 'week_start', 'day') }}, 7) <> 0
)

select * from unequal_totals
union all
select * from weeks_off_monday

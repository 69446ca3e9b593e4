-- The items fct_item_current_status places in a status are the items
-- fct_daily_status_flow counts in it at the end of as_of_date (item_count_eop, summed over
-- folders), and its transition counts add up to the transitions up to the end of as_of_date.
-- Fails with every vendor, project and status whose counts differ, and with a vendor whose
-- transitions do not add up.
with

current_statuses as (
    select * from {{ ref('fct_item_current_status') }}
),

daily_flow as (
    select * from {{ ref('fct_daily_status_flow') }}
),

transitions as (
    select * from {{ ref('fct_status_transitions') }}
),

current_counts as (
    select
        vendor,
        project_id,
        current_status as status,
        count(*) as items
    from current_statuses
    group by 1, 2, 3
),

flow_counts as (
    select
        vendor,
        project_id,
        status,
        sum(item_count_eop) as items
    from daily_flow
    where date = cast('{{ as_of_date() }}' as date)
    group by 1, 2, 3
    having sum(item_count_eop) > 0
),

unequal_items as (
    select
        coalesce(current_counts.vendor, flow_counts.vendor) as vendor,
        coalesce(current_counts.project_id, flow_counts.project_id) as project_id,
        coalesce(current_counts.status, flow_counts.status) as status,
        current_counts.items as mart_count,
        flow_counts.items as expected_count
    from current_counts
    full outer join flow_counts
        on current_counts.vendor = flow_counts.vendor
            and current_counts.project_id = flow_counts.project_id
            and current_counts.status = flow_counts.status
    where
        current_counts.items is null
        or flow_counts.items is null
        or current_counts.items <> flow_counts.items
),

mart_transition_totals as (
    select
        vendor,
        sum(transition_count) as transitions
    from current_statuses
    group by 1
),

transition_totals as (
    select
        vendor,
        count(*) as transitions
    from transitions
    where changed_at < cast('{{ day_after_as_of_date() }}' as timestamp)
    group by 1
),

unequal_transitions as (
    select
        coalesce(mart_transition_totals.vendor, transition_totals.vendor) as vendor,
        cast(null as {{ dbt.type_string() }}) as project_id,
        cast(null as {{ dbt.type_string() }}) as status,
        mart_transition_totals.transitions as mart_count,
        transition_totals.transitions as expected_count
    from mart_transition_totals
    full outer join transition_totals
        on mart_transition_totals.vendor = transition_totals.vendor
    where
        mart_transition_totals.transitions is null
        or transition_totals.transitions is null
        or mart_transition_totals.transitions <> transition_totals.transitions
)

select * from unequal_items
union all
select * from unequal_transitions

{#- SuperAnnotate's daily status aggregation, computed for every vendor with status history.
    item_count_eop is carried from the whole history (opening balance before the window plus
    daily changes), so only days inside the window are produced but earlier changes count. -#}
with

transitions as (
    select * from {{ ref('int_status_transitions_unioned') }}
),

window_dates as (
    select * from {{ ref('int_retention_window_dates') }}
),

transitions_dated as (
    select
        *,
        cast(changed_at as date) as change_date
    from transitions
),

-- Transitions between the same status are counted in neither direction.
flow_in as (
    select
        change_date as flow_date,
        vendor,
        project_id,
        folder_id,
        to_status as status,
        count(*) as item_count_in
    from transitions_dated
    where from_status is null or from_status <> to_status
    group by 1, 2, 3, 4, 5
),

flow_out as (
    select
        change_date as flow_date,
        vendor,
        project_id,
        folder_id,
        from_status as status,
        count(*) as item_count_out
    from transitions_dated
    where from_status is not null and from_status <> to_status
    group by 1, 2, 3, 4, 5
),

-- Each item's status (and folder) at the end of every day it changed.
item_day_ranked as (
    select
        *,
        row_number() over (
            partition by
                vendor,
                project_id,
                item_id,
                change_date
            order by
                changed_at desc, source_file desc, source_row desc
        ) as rank_in_day
    from transitions_dated
),

item_day_end as (
    select
        vendor,
        project_id,
        item_id,
        folder_id,
        change_date,
        to_status as status,
        lag(to_status) over (
            partition by vendor, project_id, item_id order by change_date
        ) as previous_status,
        lag(folder_id) over (
            partition by vendor, project_id, item_id order by change_date
        ) as previous_folder_id
    from item_day_ranked
    where rank_in_day = 1
),

-- +1 where an item's end-of-day (folder, status) begins, -1 where its previous one ends.
eop_changes as (
    select
        change_date,
        vendor,
        project_id,
        folder_id,
        status,
        1 as item_delta
    from item_day_end
    where previous_status is null or previous_status <> status or previous_folder_id <> folder_id

    union all

    select
        change_date,
        vendor,
        project_id,
        previous_folder_id as folder_id,
        previous_status as status,
        -1 as item_delta
    from item_day_end
    where previous_status is not null and (previous_status <> status or previous_folder_id <> folder_id)
),

eop_daily_changes as (
    select
        change_date,
        vendor,
        project_id,
        folder_id,
        status,
        sum(item_delta) as item_delta
    from eop_changes
    group by 1, 2, 3, 4, 5
),

eop_opening as (
    select
        vendor,
        project_id,
        folder_id,
        status,
        sum(item_delta) as opening_count
    from eop_daily_changes
    where change_date < cast('{{ window_start_date() }}' as date)
    group by 1, 2, 3, 4
),

folder_first_dates as (
    select
        vendor,
        project_id,
        folder_id,
        min(change_date) as first_change_date
    from transitions_dated
    group by 1, 2, 3
),

folder_statuses as (
    select distinct
        vendor,
        project_id,
        folder_id,
        status
    from eop_daily_changes
    union
    select distinct
        vendor,
        project_id,
        folder_id,
        status
    from flow_out
),

grid as (
    select
        window_dates.window_date,
        folder_statuses.vendor,
        folder_statuses.project_id,
        folder_statuses.folder_id,
        folder_statuses.status
    from folder_statuses
    inner join folder_first_dates
        on folder_statuses.vendor = folder_first_dates.vendor
            and folder_statuses.project_id = folder_first_dates.project_id
            and folder_statuses.folder_id = folder_first_dates.folder_id
    inner join window_dates
        on folder_first_dates.first_change_date <= window_dates.window_date
),

grid_counted as (
    select
        grid.window_date as flow_date,
        grid.vendor,
        grid.project_id,
        grid.folder_id,
        grid.status,
        coalesce(flow_in.item_count_in, 0) as item_count_in,
        coalesce(flow_out.item_count_out, 0) as item_count_out,
        cast(
            coalesce(eop_opening.opening_count, 0)
            + sum(coalesce(eop_daily_changes.item_delta, 0)) over (
                partition by grid.vendor, grid.project_id, grid.folder_id, grid.status
                order by grid.window_date
                rows between unbounded preceding and current row
            ) as {{ dbt.type_bigint() }}
        ) as item_count_eop
    from grid
    left join flow_in
        on grid.window_date = flow_in.flow_date
            and grid.vendor = flow_in.vendor
            and grid.project_id = flow_in.project_id
            and grid.folder_id = flow_in.folder_id
            and grid.status = flow_in.status
    left join flow_out
        on grid.window_date = flow_out.flow_date
            and grid.vendor = flow_out.vendor
            and grid.project_id = flow_out.project_id
            and grid.folder_id = flow_out.folder_id
            and grid.status = flow_out.status
    left join eop_daily_changes
        on grid.window_date = eop_daily_changes.change_date
            and grid.vendor = eop_daily_changes.vendor
            and grid.project_id = eop_daily_changes.project_id
            and grid.folder_id = eop_daily_changes.folder_id
            and grid.status = eop_daily_changes.status
    left join eop_opening
        on grid.vendor = eop_opening.vendor
            and grid.project_id = eop_opening.project_id
            and grid.folder_id = eop_opening.folder_id
            and grid.status = eop_opening.status
),

final as (
    select
        flow_date as date,
        vendor,
        project_id,
        folder_id,
        status,
        item_count_in,
        item_count_out,
        item_count_eop
    from grid_counted
    where item_count_in <> 0 or item_count_out <> 0 or item_count_eop <> 0
)

select * from final

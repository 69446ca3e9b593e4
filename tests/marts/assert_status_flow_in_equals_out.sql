-- Each counted transition leaves one status and enters another, so for every folder and day
-- the items counted in equal the items counted out. Fails with every unbalanced folder-day.
with

daily_flow as (
    select * from {{ ref('fct_daily_status_flow') }}
),

balances as (
    select
        date,
        vendor,
        project_id,
        folder_id,
        sum(item_count_in) as items_in,
        sum(item_count_out) as items_out
    from daily_flow
    group by 1, 2, 3, 4
)

select * from balances
where items_in <> items_out

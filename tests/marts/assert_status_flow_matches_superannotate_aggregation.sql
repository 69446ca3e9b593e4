-- Where SuperAnnotate's own daily aggregation was supplied, the computed flow equals it on the
-- days both cover (inside the retention window). Custom statuses are left out: several vendor
-- statuses may share the canonical `custom`. Fails with every differing count.
with

vendor_daily as (
    select * from {{ ref('stg_superannotate__status_daily') }}
),

computed_daily as (
    select * from {{ ref('fct_daily_status_flow') }}
    where vendor = 'superannotate' and status <> 'custom'
),

vendor_counts as (
    select
        aggregation_date as date,
        project_id,
        folder_id,
        status,
        sum(item_count_in) as item_count_in,
        sum(item_count_out) as item_count_out,
        sum(item_count_eop) as item_count_eop
    from vendor_daily
    where status <> 'custom'
        and aggregation_date between cast('{{ window_start_date() }}' as date) and cast('{{ as_of_date() }}' as date)
    group by 1, 2, 3, 4
),

covered_days as (
    select distinct
        date,
        project_id,
        folder_id
    from vendor_counts
),

computed_counts as (
    select computed_daily.*
    from computed_daily
    inner join covered_days
        on computed_daily.date = covered_days.date
            and computed_daily.project_id = covered_days.project_id
            and computed_daily.folder_id = covered_days.folder_id
),

compared as (
    select
        coalesce(vendor_counts.date, computed_counts.date) as date,
        coalesce(vendor_counts.project_id, computed_counts.project_id) as project_id,
        coalesce(vendor_counts.folder_id, computed_counts.folder_id) as folder_id,
        coalesce(vendor_counts.status, computed_counts.status) as status,
        coalesce(vendor_counts.item_count_in, 0) as vendor_in,
        coalesce(computed_counts.item_count_in, 0) as computed_in,
        coalesce(vendor_counts.item_count_out, 0) as vendor_out,
        coalesce(computed_counts.item_count_out, 0) as computed_out,
        coalesce(vendor_counts.item_count_eop, 0) as vendor_eop,
        coalesce(computed_counts.item_count_eop, 0) as computed_eop
    from vendor_counts
    full outer join computed_counts
        on vendor_counts.date = computed_counts.date
            and vendor_counts.project_id = computed_counts.project_id
            and vendor_counts.folder_id = computed_counts.folder_id
            and vendor_counts.status = computed_counts.status
)

select * from compared
where vendor_in <> computed_in or vendor_out <> computed_out or vendor_eop <> computed_eop

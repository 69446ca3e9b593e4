-- Where do items get stuck? Time spent in each status before leaving it, per vendor and
-- project, with the slowest tail (90th percentile) beside the median. The items stuck right
-- now are one select: `select * from marts.fct_item_current_status where is_stuck`.
with

transitions as (
    select * from {{ ref('fct_status_transitions') }}
),

final as (
    select
        vendor,
        project_id,
        from_status as status,
        count(*) as transitions_out,
        avg(seconds_in_from_status) / 3600.0 as avg_hours_in_status,
        {{ percentile_continuous('seconds_in_from_status', 0.5) }} / 3600.0 as median_hours_in_status,
        {{ percentile_continuous('seconds_in_from_status', 0.9) }} / 3600.0 as p90_hours_in_status
    from transitions
    where seconds_in_from_status is not null and from_status <> to_status
    group by 1, 2, 3
)

select * from final
order by p90_hours_in_status desc

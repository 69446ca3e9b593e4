{#- Where every item with a status history stands at the end of as_of_date (transitions after
    it are ignored), how long it has been there, and whether it is stuck.
    - status_since: when the item entered its current status - the latest transition that
      moved it into a status other than the one before (a same-status transition does not
      reset it). When the item's log begins with a same-status entry and never left that
      status, the log shows it there since that entry: status_since is a lower bound.
    - is_stuck: false for done and skipped items; otherwise whether hours_in_status exceeds the
      threshold - var stuck_after_hours when set, else the 90th percentile of the hours items
      of the same vendor, project and status spent in it, over the stays that ended inside the
      retention window (int_status_stays_derived, as in fct_status_dwell); NULL when neither
      exists (no stay in that status ended inside the window). -#}
{%- set as_of_end = "cast('" ~ day_after_as_of_date() ~ "' as timestamp)" -%}
{%- set stuck_after = stuck_after_hours() -%}
with

transitions as (
    select * from {{ ref('int_status_transitions_unioned') }}
),

stays as (
    select * from {{ ref('int_status_stays_derived') }}
),

transitions_as_of as (
    select
        *,
        row_number() over (
            partition by vendor, project_id, item_id
            order by transition_sequence desc
        ) as recency
    from transitions
    where changed_at < {{ as_of_end }}
),

item_histories as (
    select
        vendor,
        project_id,
        item_id,
        count(*) as transition_count,
        count(case when to_status = 'in_rework' and from_status <> 'in_rework' then 1 end) as rework_count,
        max(
            case when previous_to_status is null or previous_to_status <> to_status then changed_at end
        ) as status_since
    from transitions_as_of
    group by 1, 2, 3
),

latest_transitions as (
    select
        vendor,
        project_id,
        folder_id,
        item_id,
        to_status as current_status,
        changed_at as last_changed_at,
        changed_by as last_actor_id
    from transitions_as_of
    where recency = 1
),

project_dwell as (
    select
        vendor,
        project_id,
        status,
        {{ percentile_continuous('seconds_in_status / 3600.0', 0.9) }} as p90_hours_in_status
    from stays
    where
        left_at >= cast('{{ window_start_date() }}' as timestamp)
        and left_at < {{ as_of_end }}
        and seconds_in_status is not null
    group by 1, 2, 3
),

items as (
    select
        latest_transitions.vendor,
        latest_transitions.project_id,
        latest_transitions.folder_id,
        latest_transitions.item_id,
        latest_transitions.current_status,
        item_histories.status_since,
        {{ seconds_between('item_histories.status_since', as_of_end) }} / 3600.0 as hours_in_status,
        latest_transitions.last_changed_at,
        latest_transitions.last_actor_id,
        item_histories.transition_count,
        item_histories.rework_count,
        {% if stuck_after is none -%}
            project_dwell.p90_hours_in_status as applicable_threshold_hours,
            'project_p90' as applicable_threshold_source
        {%- else -%}
            cast({{ stuck_after }} as {{ type_double() }}) as applicable_threshold_hours,
            'stuck_after_hours' as applicable_threshold_source
        {%- endif %}
    from latest_transitions
    inner join item_histories
        on latest_transitions.vendor = item_histories.vendor
            and latest_transitions.project_id = item_histories.project_id
            and latest_transitions.item_id = item_histories.item_id
    left join project_dwell
        on latest_transitions.vendor = project_dwell.vendor
            and latest_transitions.project_id = project_dwell.project_id
            and latest_transitions.current_status = project_dwell.status
),

final as (
    select
        vendor,
        project_id,
        folder_id,
        item_id,
        current_status,
        status_since,
        hours_in_status,
        last_changed_at,
        last_actor_id,
        transition_count,
        rework_count,
        -- no threshold applies to a finished item, nor where no figure gives one
        case
            when current_status not in ('done', 'skipped') then applicable_threshold_hours
        end as stuck_threshold_hours,
        case
            when current_status not in ('done', 'skipped') and applicable_threshold_hours is not null
                then applicable_threshold_source
        end as stuck_threshold_source,
        case
            when current_status in ('done', 'skipped') then false
            when applicable_threshold_hours is not null then hours_in_status > applicable_threshold_hours
        end as is_stuck
    from items
)

select * from final

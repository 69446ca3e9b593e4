{#- Editor working time per hour, user and item: the credited gaps of
    int_editor_samples_sessionized summed by the hour of their first sample (so also by its
    date), with the hour's distinct samples. The marts read this instead of the samples (an
    hour holds up to 360 samples at one every 10 s). Incremental by activity_date, like the
    samples it sums, and the older dates those were rewritten on since its last run. -#}
{{ config(**incremental_by_date('activity_date')) }}
{{ require_stored_columns(['sessionized_at']) }}

with

{% if is_incremental() -%}
rewritten_dates as (
    {#- The dates the sessionized samples were rewritten on since this model last ran. #}
    select distinct activity_date
    from {{ ref('int_editor_samples_sessionized') }}
    where sessionized_at > (select max(stored.sessionized_at) from {{ this }} as stored)
),

{% endif -%}
editor_gaps as (
    select * from {{ ref('int_editor_samples_sessionized') }}
    {%- if is_incremental() %}
    where
        activity_date >= {{ incremental_dates_since('activity_date') }}
        or activity_date in (select activity_date from rewritten_dates)
    {%- endif %}
),

final as (
    select
        vendor,
        project_id,
        user_id,
        annotator_id,
        item_id,
        {{ dbt.date_trunc('hour', 'sampled_at') }} as activity_hour,
        sum(credited_seconds) as active_seconds,
        count(*) as sample_count,
        min(sampled_at) as first_sampled_at,
        max(sampled_at) as last_sampled_at,
        max(sessionized_at) as sessionized_at,
        activity_date
    from editor_gaps
    group by
        vendor,
        project_id,
        user_id,
        annotator_id,
        item_id,
        {{ dbt.date_trunc('hour', 'sampled_at') }},
        activity_date
)

select * from final

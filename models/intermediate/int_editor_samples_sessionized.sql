{#- Editor activity turned into working time: for one user on one item, ordered by time, each
    gap to the next sample is credited to the first sample's date when it is at most the
    project's max inactivity (59 s counts, 61 s does not, at 60), else nothing. Identical
    samples count once.
    Incremental by activity_date (macros/config/incremental.sql): a run re-sessionizes the
    samples of the last lookback_days and later. -#}
{{ config(**incremental_by_date('activity_date')) }}

with

editor_samples as (
    select * from {{ ref('stg_superannotate__editor_samples') }}
    {%- if is_incremental() %}
    where cast(sampled_at as date) >= {{ incremental_dates_since('activity_date') }}
    {%- endif %}
),

project_settings as (
    select * from {{ ref('project_settings') }}
),

samples_deduplicated as (
    select distinct
        vendor,
        project_id,
        user_id,
        item_id,
        sampled_at
    from editor_samples
),

samples_ordered as (
    select
        *,
        lead(sampled_at) over (
            partition by
                vendor,
                project_id,
                user_id,
                item_id
            order by sampled_at
        ) as next_sampled_at
    from samples_deduplicated
),

samples_with_limits as (
    select
        samples_ordered.*,
        coalesce(
            project_settings.max_inactivity_seconds, {{ max_inactivity_seconds() }}
        ) as max_inactivity_seconds,
        {{ seconds_between('samples_ordered.sampled_at', 'samples_ordered.next_sampled_at') }}
            as gap_seconds
    from samples_ordered
    left join project_settings
        on samples_ordered.vendor = project_settings.vendor
            and samples_ordered.project_id = project_settings.project_id
),

final as (
    select
        vendor,
        project_id,
        user_id,
        {{ annotator_id('vendor', 'user_id') }} as annotator_id,
        item_id,
        sampled_at,
        cast(sampled_at as date) as activity_date,
        next_sampled_at,
        gap_seconds,
        max_inactivity_seconds,
        case
            when gap_seconds <= max_inactivity_seconds then gap_seconds
            else 0
        end as credited_seconds
    from samples_with_limits
)

select * from final

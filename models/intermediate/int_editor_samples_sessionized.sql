{#- Editor activity turned into working time: for one user on one item, ordered by time, each
    gap to the next sample is credited to the first sample's date when it is at most the
    project's max inactivity (59 s counts, 61 s does not, at 60), else nothing. Identical
    samples count once.
    Incremental by activity_date (macros/config/incremental.sql): a run re-sessionizes the
    dates from lookback_days before the newest stored date, and any older date the files read
    since its last run touch - the dates of their samples and of the sample before each (whose
    gap now ends at the new one) - so a late export needs no full refresh; every date when the
    max inactivity changed (project_settings, var max_inactivity_seconds). -#}
{{ config(**incremental_by_date('activity_date', ['max_inactivity_seconds'])) }}
{{ require_stored_columns(['source_loaded_at']) }}

with

editor_samples as {{ inlined_cte() }} (
    select * from {{ ref('stg_superannotate__editor_samples') }}
),

{% if is_incremental() -%}
touched_series as (
    {#- Series (user and item) with samples from file versions read since the last run. #}
    select distinct
        vendor,
        project_id,
        user_id,
        item_id
    from editor_samples
    where source_loaded_at > (select max(stored.source_loaded_at) from {{ this }} as stored)
),

touched_series_samples as (
    select
        editor_samples.sampled_at,
        editor_samples.source_loaded_at,
        lag(editor_samples.sampled_at) over (
            partition by
                editor_samples.vendor,
                editor_samples.project_id,
                editor_samples.user_id,
                editor_samples.item_id
            order by editor_samples.sampled_at
        ) as previous_sampled_at
    from editor_samples
    inner join touched_series
        on editor_samples.vendor = touched_series.vendor
            and editor_samples.project_id = touched_series.project_id
            and editor_samples.user_id = touched_series.user_id
            and editor_samples.item_id = touched_series.item_id
),

recomputed_dates as (
    {#- A new sample's date, and its predecessor's: that gap now ends at the new sample. #}
    select cast(sampled_at as date) as activity_date
    from touched_series_samples
    where source_loaded_at > (select max(stored.source_loaded_at) from {{ this }} as stored)
    union
    select cast(previous_sampled_at as date) as activity_date
    from touched_series_samples
    where
        source_loaded_at > (select max(stored.source_loaded_at) from {{ this }} as stored)
        and previous_sampled_at is not null
),

samples_in_scope as (
    select * from editor_samples
    where
        cast(sampled_at as date) >= {{ incremental_dates_since('activity_date') }}
        or cast(sampled_at as date) in (select activity_date from recomputed_dates)
),

older_series_dates as (
    select distinct
        vendor,
        project_id,
        user_id,
        item_id,
        cast(sampled_at as date) as activity_date
    from samples_in_scope
    where cast(sampled_at as date) < {{ incremental_dates_since('activity_date') }}
),

following_samples as (
    {#- The first sample after each older recomputed date of a series, wherever it lies:
        the last gap of that date ends there. #}
    select
        editor_samples.vendor,
        editor_samples.project_id,
        editor_samples.user_id,
        editor_samples.item_id,
        min(editor_samples.sampled_at) as sampled_at,
        cast(null as {{ dbt.type_timestamp() }}) as source_loaded_at
    from older_series_dates
    inner join editor_samples
        on older_series_dates.vendor = editor_samples.vendor
            and older_series_dates.project_id = editor_samples.project_id
            and older_series_dates.user_id = editor_samples.user_id
            and older_series_dates.item_id = editor_samples.item_id
            and cast(editor_samples.sampled_at as date) > older_series_dates.activity_date
    group by
        editor_samples.vendor,
        editor_samples.project_id,
        editor_samples.user_id,
        editor_samples.item_id,
        older_series_dates.activity_date
),

{% endif -%}
samples_read as (
    select
        vendor,
        project_id,
        user_id,
        item_id,
        sampled_at,
        source_loaded_at
    from {{ 'samples_in_scope' if is_incremental() else 'editor_samples' }}
    {%- if is_incremental() %}
    union all
    select * from following_samples
    {%- endif %}
),

project_settings as (
    select * from {{ ref('project_settings') }}
),

samples_deduplicated as (
    select
        vendor,
        project_id,
        user_id,
        item_id,
        sampled_at,
        max(source_loaded_at) as source_loaded_at
    from samples_read
    group by
        vendor,
        project_id,
        user_id,
        item_id,
        sampled_at
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
        end as credited_seconds,
        source_loaded_at,
        {{ run_timestamp() }} as sessionized_at
    from samples_with_limits
    {%- if is_incremental() %}
    where
        cast(sampled_at as date) >= {{ incremental_dates_since('activity_date') }}
        or cast(sampled_at as date) in (select activity_date from recomputed_dates)
    {%- endif %}
)

select * from final

{#- Every trace of a vendor user in the exports, one row per (source record, user role):
    each vendor's traces (int_<vendor>__activities: labels, status changes, editor hours,
    Roboflow labeler rows, Dataloop analytics users) and the review events (as reviewer; the
    labeler seen without a time). activity_at is when the user acted (NULL where the vendor
    gives no time: Roboflow's period rows, Dataloop's duration rows, CrowdAI rows not yet
    completed); activity_granularity says how precise it is (`instant`, or `day` for
    Dataloop's activeUsers buckets). dim_annotators and fct_active_annotators read it.
    Incremental by item (macros/config/incremental_by_key.sql): a run rewrites the traces
    of the items whose input rows changed. The vendor models are views, read only here. -#}
{%- set vendor_models = [
    'int_superannotate__activities',
    'int_labelbox__activities',
    'int_crowdai__activities',
    'int_dataloop__activities',
    'int_roboflow__activities',
] %}
{%- set item_key = ['vendor', 'project_id', 'item_id'] %}
{{ config(**incremental_by_key(vendor_models + ['int_review_events_unioned'], item_key)) }}

with

review_events as {{ inlined_cte() }} (
    select * from {{ ref('int_review_events_unioned') }}
),

vendor_activities as (
    {{ union_vendor_models(vendor_models) }}
),

activities as (
    select * from vendor_activities

    union all

    {{ padded_select('review_events', ['vendor', 'project_id', 'item_id'], {
        'user_id': 'reviewer_user_id', 'activity_type': "'review'", 'activity_at': 'reviewed_at',
        'activity_granularity': "'instant'",
    }) }}

    union all

    -- the labeler of a review event is seen too, though the review is not their activity
    {{ padded_select('review_events', ['vendor', 'project_id', 'item_id'], {
        'user_id': 'labeler_user_id', 'activity_type': "'reviewed_work'", 'activity_granularity': "'instant'",
    }) }}
),

{{ changed_key_rows('activities', vendor_models + ['int_review_events_unioned'], item_key) }},

final as (
    select
        vendor,
        project_id,
        item_id,
        trim(user_id) as user_id,
        {{ annotator_id('vendor', 'user_id') }} as annotator_id,
        activity_type,
        activity_at,
        case when activity_at is not null then activity_granularity end as activity_granularity,
        incremental_key,
        key_input_hash as input_hash
    from changed_key_rows
    where user_id is not null and trim(user_id) <> ''
)

select * from final

{#- Every trace of a vendor user in the exports, one row per (source record, user role):
    labels, review events (as reviewer), status changes, editor hours (their first and last
    samples), Roboflow labeler rows and Dataloop analytics users. activity_at is when the user acted (NULL where the vendor
    gives no time: Roboflow's period rows, Dataloop's duration rows, CrowdAI rows not yet
    completed); activity_granularity says how precise it is (`instant`, or `day` for
    Dataloop's activeUsers buckets). dim_annotators and fct_active_annotators read it. -#}
with

superannotate_status_changes as (
    select * from {{ ref('stg_superannotate__status_changes') }}
),

superannotate_editor_hours as (
    select * from {{ ref('int_editor_time_hourly') }}
),

superannotate_item_instances as (
    select * from {{ ref('stg_superannotate__item_instances') }}
),

labelbox_labels as (
    select * from {{ ref('stg_labelbox__labels') }}
),

labelbox_workflow_history as (
    select * from {{ ref('stg_labelbox__workflow_history') }}
),

crowdai_workflow_phases as (
    select * from {{ ref('stg_crowdai__workflow_phases') }}
),

dataloop_annotations as (
    select * from {{ ref('int_dataloop__annotations') }}
),

dataloop_task_status_entries as (
    select * from {{ ref('int_dataloop__task_status_entries') }}
),

dataloop_active_users as (
    select * from {{ ref('stg_dataloop__active_users') }}
),

dataloop_item_annotation_durations as (
    select * from {{ ref('stg_dataloop__item_annotation_durations') }}
),

dataloop_user_activity_times as (
    select * from {{ ref('stg_dataloop__user_activity_times') }}
),

roboflow_labeler_statistics as (
    select * from {{ ref('stg_roboflow__labeler_statistics') }}
),

review_events as (
    select * from {{ ref('int_review_events_unioned') }}
),

activities as (
    select
        vendor,
        project_id,
        item_id,
        user_id,
        'status_change' as activity_type,
        changed_at as activity_at,
        'instant' as activity_granularity
    from superannotate_status_changes

    union all

    select
        vendor,
        project_id,
        item_id,
        user_id,
        'editor_sample' as activity_type,
        first_sampled_at as activity_at,
        'instant' as activity_granularity
    from superannotate_editor_hours

    union all

    {#- An hour's first and last samples stand for all of them: every period the marts count
        in is whole hours, and the user's first and last activity stay exact. #}
    select
        vendor,
        project_id,
        item_id,
        user_id,
        'editor_sample' as activity_type,
        last_sampled_at as activity_at,
        'instant' as activity_granularity
    from superannotate_editor_hours
    where last_sampled_at > first_sampled_at

    union all

    select
        vendor,
        project_id,
        item_name as item_id,
        created_by_email as user_id,
        'label' as activity_type,
        created_at as activity_at,
        'instant' as activity_granularity
    from superannotate_item_instances

    union all

    select
        vendor,
        project_id,
        item_name as item_id,
        updated_by_email as user_id,
        'label' as activity_type,
        updated_at as activity_at,
        'instant' as activity_granularity
    from superannotate_item_instances

    union all

    select
        vendor,
        project_id,
        data_row_id as item_id,
        created_by as user_id,
        'label' as activity_type,
        created_at as activity_at,
        'instant' as activity_granularity
    from labelbox_labels

    union all

    select
        vendor,
        project_id,
        data_row_id as item_id,
        created_by as user_id,
        'status_change' as activity_type,
        created_at as activity_at,
        'instant' as activity_granularity
    from labelbox_workflow_history

    union all

    select
        vendor,
        project_id,
        media_id as item_id,
        annotator_id as user_id,
        case when phase = 'annotate' then 'label' else 'review' end as activity_type,
        completed_at as activity_at,
        'instant' as activity_granularity
    from crowdai_workflow_phases

    union all

    select
        vendor,
        project_id,
        item_id,
        creator as user_id,
        'label' as activity_type,
        created_at as activity_at,
        'instant' as activity_granularity
    from dataloop_annotations

    union all

    select
        vendor,
        project_id,
        item_id,
        creator as user_id,
        'status_change' as activity_type,
        changed_at as activity_at,
        'instant' as activity_granularity
    from dataloop_task_status_entries

    union all

    select
        vendor,
        project_id,
        cast(null as {{ dbt.type_string() }}) as item_id,
        user_id,
        'active_users' as activity_type,
        period_start as activity_at,
        granularity as activity_granularity
    from dataloop_active_users

    union all

    select
        vendor,
        project_id,
        item_id,
        user_id,
        'analytics_duration' as activity_type,
        cast(null as {{ dbt.type_timestamp() }}) as activity_at,
        'instant' as activity_granularity
    from dataloop_item_annotation_durations

    union all

    select
        vendor,
        project_id,
        item_id,
        user_id,
        'analytics_duration' as activity_type,
        cast(null as {{ dbt.type_timestamp() }}) as activity_at,
        'instant' as activity_granularity
    from dataloop_user_activity_times

    union all

    select
        vendor,
        project_id,
        cast(null as {{ dbt.type_string() }}) as item_id,
        labeler as user_id,
        'vendor_report' as activity_type,
        cast(null as {{ dbt.type_timestamp() }}) as activity_at,
        'instant' as activity_granularity
    from roboflow_labeler_statistics

    union all

    select
        vendor,
        project_id,
        item_id,
        reviewer_user_id as user_id,
        'review' as activity_type,
        reviewed_at as activity_at,
        'instant' as activity_granularity
    from review_events

    union all

    -- the labeler of a review event is seen too, though the review is not their activity
    select
        vendor,
        project_id,
        item_id,
        labeler_user_id as user_id,
        'reviewed_work' as activity_type,
        cast(null as {{ dbt.type_timestamp() }}) as activity_at,
        'instant' as activity_granularity
    from review_events
),

final as (
    select
        vendor,
        project_id,
        item_id,
        trim(user_id) as user_id,
        {{ annotator_id('vendor', 'user_id') }} as annotator_id,
        activity_type,
        activity_at,
        case when activity_at is not null then activity_granularity end as activity_granularity
    from activities
    where user_id is not null and trim(user_id) <> ''
)

select * from final

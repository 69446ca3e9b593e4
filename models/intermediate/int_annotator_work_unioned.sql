{#- Every piece of an annotator's work the performance marts count, one row per event, all
    vendors, each dated by when it happened:
    - `label`: one label (int_labels_unioned) by its labeler, with its skip / marked-null /
      model-assisted flags, the labeling seconds the vendor reports and its scores;
    - `annotation_added` / `annotation_updated`: one annotation object created, or last
      updated after its creation, by the user (int_annotation_objects_unioned);
    - `review_work`: a completed review or final-review step by the reviewer, with the review
      seconds the vendor reports (int_workflow_steps_unioned);
    - `review_received`: a review event on the annotator's work (fct_reviews' labeler);
    - `review_performed`: a review event by the annotator as reviewer. -#}
with

labels as (
    select * from {{ ref('int_labels_unioned') }}
),

workflow_steps as (
    select * from {{ ref('int_workflow_steps_unioned') }}
),

review_events as (
    select * from {{ ref('int_review_events_unioned') }}
),

annotation_objects as (
    select * from {{ ref('int_annotation_objects_unioned') }}
),

work_events as (
    select
        vendor,
        project_id,
        item_id,
        labeler_user_id as user_id,
        'label' as event_type,
        created_at as event_at,
        is_skipped,
        is_marked_null,
        is_model_assisted,
        seconds_to_create as work_seconds,
        benchmark_score,
        consensus_score,
        cast(null as {{ dbt.type_string() }}) as review_outcome
    from labels

    union all

    select
        vendor,
        project_id,
        item_id,
        created_by as user_id,
        'annotation_added' as event_type,
        created_at as event_at,
        cast(null as boolean) as is_skipped,
        cast(null as boolean) as is_marked_null,
        cast(null as boolean) as is_model_assisted,
        cast(null as {{ type_double() }}) as work_seconds,
        cast(null as {{ type_double() }}) as benchmark_score,
        cast(null as {{ type_double() }}) as consensus_score,
        cast(null as {{ dbt.type_string() }}) as review_outcome
    from annotation_objects

    union all

    select
        vendor,
        project_id,
        item_id,
        updated_by as user_id,
        'annotation_updated' as event_type,
        updated_at as event_at,
        cast(null as boolean) as is_skipped,
        cast(null as boolean) as is_marked_null,
        cast(null as boolean) as is_model_assisted,
        cast(null as {{ type_double() }}) as work_seconds,
        cast(null as {{ type_double() }}) as benchmark_score,
        cast(null as {{ type_double() }}) as consensus_score,
        cast(null as {{ dbt.type_string() }}) as review_outcome
    from annotation_objects
    where updated_at > created_at

    union all

    select
        vendor,
        project_id,
        media_id as item_id,
        annotator_user_id as user_id,
        'review_work' as event_type,
        completed_at as event_at,
        cast(null as boolean) as is_skipped,
        cast(null as boolean) as is_marked_null,
        cast(null as boolean) as is_model_assisted,
        work_seconds,
        cast(null as {{ type_double() }}) as benchmark_score,
        cast(null as {{ type_double() }}) as consensus_score,
        cast(null as {{ dbt.type_string() }}) as review_outcome
    from workflow_steps
    where phase in ('review', 'final_review') and completed_at is not null

    union all

    select
        vendor,
        project_id,
        item_id,
        labeler_user_id as user_id,
        'review_received' as event_type,
        reviewed_at as event_at,
        cast(null as boolean) as is_skipped,
        cast(null as boolean) as is_marked_null,
        cast(null as boolean) as is_model_assisted,
        cast(null as {{ type_double() }}) as work_seconds,
        cast(null as {{ type_double() }}) as benchmark_score,
        cast(null as {{ type_double() }}) as consensus_score,
        review_outcome
    from review_events

    union all

    select
        vendor,
        project_id,
        item_id,
        reviewer_user_id as user_id,
        'review_performed' as event_type,
        reviewed_at as event_at,
        cast(null as boolean) as is_skipped,
        cast(null as boolean) as is_marked_null,
        cast(null as boolean) as is_model_assisted,
        cast(null as {{ type_double() }}) as work_seconds,
        cast(null as {{ type_double() }}) as benchmark_score,
        cast(null as {{ type_double() }}) as consensus_score,
        review_outcome
    from review_events
),

final as (
    select
        vendor,
        project_id,
        item_id,
        user_id,
        {{ annotator_id('vendor', 'user_id') }} as annotator_id,
        event_type,
        event_at,
        cast(event_at as date) as event_date,
        is_skipped,
        is_marked_null,
        is_model_assisted,
        work_seconds,
        benchmark_score,
        consensus_score,
        review_outcome
    from work_events
    where user_id is not null and trim(user_id) <> '' and event_at is not null
)

select * from final

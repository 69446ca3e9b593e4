{#- Every piece of an annotator's work the performance marts count, one row per event, all
    vendors, each dated by when it happened:
    - `label`: one label (int_labels_unioned) by its labeler, with its skip / marked-null /
      model-assisted flags, the labeling seconds the vendor reports and its scores;
    - `annotation_added` / `annotation_updated`: one annotation object created, or last
      updated after its creation, by the user (int_annotation_objects_unioned);
    - `review_work`: a completed review or final-review step by the reviewer, with the review
      seconds the vendor reports (int_workflow_steps_unioned);
    - `review_received`: a review event on the annotator's work (fct_reviews' labeler);
    - `review_performed`: a review event by the annotator as reviewer.
    Incremental by item (macros/config/incremental_by_key.sql): a run rewrites the events of
    the items whose input rows changed. -#}
{%- set input_models = [
    'int_labels_unioned',
    'int_annotation_objects_unioned',
    'int_workflow_steps_unioned',
    'int_review_events_unioned',
] %}
{%- set item_key = ['vendor', 'project_id', 'item_id'] %}
{%- set input_item_keys = {'int_workflow_steps_unioned': ['vendor', 'project_id', 'media_id']} %}
{{ config(**incremental_by_key(input_models, item_key, input_key_columns=input_item_keys)) }}

with

labels as (
    select * from {{ ref('int_labels_unioned') }}
),

workflow_steps as (
    select * from {{ ref('int_workflow_steps_unioned') }}
),

review_events as {{ inlined_cte() }} (
    select * from {{ ref('int_review_events_unioned') }}
),

annotation_objects as {{ inlined_cte() }} (
    select * from {{ ref('int_annotation_objects_unioned') }}
),

work_events as (
    {{ padded_select(
        'labels',
        [
            'vendor', 'project_id', 'item_id',
            'is_skipped', 'is_marked_null', 'is_model_assisted', 'benchmark_score', 'consensus_score',
        ],
        {
            'user_id': 'labeler_user_id', 'event_type': "'label'", 'event_at': 'created_at',
            'work_seconds': 'seconds_to_create',
        },
    ) }}

    union all

    {{ padded_select('annotation_objects', ['vendor', 'project_id', 'item_id'], {
        'user_id': 'created_by', 'event_type': "'annotation_added'", 'event_at': 'created_at',
    }) }}

    union all

    {{ padded_select('annotation_objects', ['vendor', 'project_id', 'item_id'], {
        'user_id': 'updated_by', 'event_type': "'annotation_updated'", 'event_at': 'updated_at',
    }, where='updated_at > created_at') }}

    union all

    {{ padded_select('workflow_steps', ['vendor', 'project_id', 'work_seconds'], {
        'item_id': 'media_id', 'user_id': 'annotator_user_id', 'event_type': "'review_work'",
        'event_at': 'completed_at',
    }, where="phase in ('review', 'final_review') and completed_at is not null") }}

    union all

    {{ padded_select('review_events', ['vendor', 'project_id', 'item_id', 'review_outcome'], {
        'user_id': 'labeler_user_id', 'event_type': "'review_received'", 'event_at': 'reviewed_at',
    }) }}

    union all

    {{ padded_select('review_events', ['vendor', 'project_id', 'item_id', 'review_outcome'], {
        'user_id': 'reviewer_user_id', 'event_type': "'review_performed'", 'event_at': 'reviewed_at',
    }) }}
),

{{ changed_key_rows('work_events', input_models, item_key, input_item_keys) }},

final as (
    select
        vendor,
        project_id,
        item_id,
        user_id,
        event_type,
        event_at,
        is_skipped,
        is_marked_null,
        is_model_assisted,
        work_seconds,
        benchmark_score,
        consensus_score,
        review_outcome,
        {{ annotator_id('vendor', 'user_id') }} as annotator_id,
        cast(event_at as date) as event_date,
        incremental_key,
        key_input_hash as input_hash
    from changed_key_rows
    where user_id is not null and trim(user_id) <> '' and event_at is not null
)

select * from final

{#- Every trace of a Dataloop user, one row per source record and role: annotations by their
    creator, taskStatusLog entries by their creator, activeUsers buckets (at the bucket's
    start, with its granularity) and the analytics duration rows (no time of their own). -#}
{#- A view: its one reader, int_annotator_activities_unioned, hashes it whole every run; a
    table would also be written whole every run. -#}
{{ config(materialized='view') }}

with

annotations as (
    select * from {{ ref('int_dataloop__annotations') }}
),

task_status_entries as (
    select * from {{ ref('int_dataloop__task_status_entries') }}
),

active_users as (
    select * from {{ ref('stg_dataloop__active_users') }}
),

item_annotation_durations as (
    select * from {{ ref('stg_dataloop__item_annotation_durations') }}
),

user_activity_times as (
    select * from {{ ref('stg_dataloop__user_activity_times') }}
),

final as (

    {{ activity_rows('annotations', "'label'", 'created_at', 'annotation', ['annotation_id'], user_id='creator') }}

    union all

    {{ activity_rows(
        'task_status_entries', "'status_change'", 'changed_at',
        'log', ['item_id', 'entry_sequence'], user_id='creator',
    ) }}

    union all

    {{ activity_rows(
        'active_users', "'active_users'", 'period_start',
        'active_users', ['source_file', 'source_row'], item_id=none, activity_granularity='granularity',
    ) }}

    union all

    {{ activity_rows(
        'item_annotation_durations', "'analytics_duration'", none,
        'annotation_duration', ['source_file', 'source_row'],
    ) }}

    union all

    {{ activity_rows(
        'user_activity_times', "'analytics_duration'", none,
        'activity_time', ['source_file', 'source_row'],
    ) }}
)

select * from final

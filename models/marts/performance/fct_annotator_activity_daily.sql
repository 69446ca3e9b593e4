{#- One row per annotator and day with any activity inside the retention window, per vendor and
    project: the single definition of an active annotator that fct_active_annotators (day, week
    and month) and the semantic layer's active_annotators metric count distinct over.
    Activity is every timed trace of int_annotator_activities_unioned that can be placed on a
    day: a label or annotation object (created or updated), a review performed, a status change,
    editor time (SuperAnnotate samples), and Dataloop's activeUsers rows of hour or day buckets.
    Traces without a time (Roboflow's period rows, Dataloop's duration rows, the labeler of a
    review event) or without a project are not activity of a day. Dataloop's activeUsers rows of
    week or month buckets do not say which day the user was active: they are not here, and
    fct_active_annotators counts them in its week and month rows only. -#}
with

activities as (
    select * from {{ ref('int_annotator_activities_unioned') }}
),

day_activities as (
    select
        cast(activity_at as date) as activity_date,
        vendor,
        project_id,
        annotator_id,
        activity_type
    from activities
    where
        activity_at is not null
        and project_id is not null
        and activity_granularity in ('instant', 'hour', 'day')
        and cast(activity_at as date)
        between cast('{{ window_start_date() }}' as date) and cast('{{ as_of_date() }}' as date)
),

final as (
    select
        activity_date,
        vendor,
        project_id,
        annotator_id,
        max(case when activity_type = 'label' then 1 else 0 end) = 1 as has_label,
        max(case when activity_type = 'review' then 1 else 0 end) = 1 as has_review,
        max(case when activity_type = 'status_change' then 1 else 0 end) = 1 as has_status_change,
        max(case when activity_type = 'editor_sample' then 1 else 0 end) = 1 as has_editor_time,
        max(case when activity_type = 'active_users' then 1 else 0 end) = 1 as is_reported_active
    from day_activities
    group by 1, 2, 3, 4
)

select * from final

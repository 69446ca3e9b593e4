{#- Every trace of a Labelbox user, one row per source record and role: labels by their
    creator, workflow history entries by their actor. -#}

with

labels as (
    select * from {{ ref('stg_labelbox__labels') }}
),

workflow_history as (
    select * from {{ ref('stg_labelbox__workflow_history') }}
),

final as (
    select
        vendor,
        project_id,
        data_row_id as item_id,
        created_by as user_id,
        'label' as activity_type,
        created_at as activity_at,
        'instant' as activity_granularity,
        {{ surrogate_key(["'label'", 'label_id']) }} as activity_key
    from labels

    union all

    select
        vendor,
        project_id,
        data_row_id as item_id,
        created_by as user_id,
        'status_change' as activity_type,
        created_at as activity_at,
        'instant' as activity_granularity,
        {{ surrogate_key(["'history'", 'source_file', 'source_row', 'project_id', 'history_index']) }} as activity_key
    from workflow_history
)

select * from final

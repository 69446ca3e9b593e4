{#- One row per entry of a Labelbox data row's workflow history in a project
    (projects.<id>.project_details.workflow_history[]). The array order is not trusted:
    event_sequence numbers the entries of one data row in one project by created_at, ties
    (and entries whose created_at is missing or does not parse, which come last) broken by
    their position in the array. review_outcome is approve for Accept/Approve and reject for
    Reject (review_action_map); NULL for Move, Rework and other actions. The previous and
    next task names map to a canonical phase (phase_map, NULL when unknown) and to the
    canonical status of a data row waiting in that task (status_map: Initial labeling task
    -> not_started, review tasks -> in_review, Rework task -> in_rework, Done -> done;
    `custom` for a task name the seed does not know). A created_at that
    does not parse is NULL and named in invalid_fields (its text stays in created_at_raw). -#}

{{ config(**incremental_by_base_rows('base_labelbox__export_v2', 'labelbox', 'export_v2')) }}

with

projects as (
    {{ labelbox_projects_unnested() }}
),

history_entries as (
    select
        projects.vendor,
        projects.project_id,
        projects.data_row_id,
        history.history_key as history_index,
        history.history_value as history_json,
        projects.source_file,
        projects.source_row,
        projects.source_loaded_at,
        projects.base_written_at
    from projects
    {{ json_each('projects.project_json', 'project_details.workflow_history', 'history') }}
    where history.history_key is not null
),

extracted as (
    select
        vendor,
        project_id,
        data_row_id,
        {{ try_cast_integer('history_index') }} as history_index,
        {{ json_text('history_json', 'action') }} as action_raw,
        {{ json_text('history_json', 'created_at') }} as created_at_raw,
        {{ json_text('history_json', 'created_by') }} as created_by,
        {{ json_text('history_json', 'previous_task_id') }} as previous_task_id,
        {{ json_text('history_json', 'previous_task_name') }} as previous_task_name,
        {{ json_text('history_json', 'next_task_id') }} as next_task_id,
        {{ json_text('history_json', 'next_task_name') }} as next_task_name,
        source_file,
        source_row,
        source_loaded_at,
        base_written_at
    from history_entries
),

renamed as (
    select
        vendor,
        project_id,
        data_row_id,
        history_index,
        action_raw,
        {{ vocabulary_lookup('review_action_map', 'labelbox', 'action_raw', 'action_key', 'review_outcome') }}
            as review_outcome,
        {{ try_cast_timestamp('created_at_raw') }} as created_at,
        created_at_raw,
        created_by,
        previous_task_id,
        previous_task_name,
        {{ vocabulary_lookup('phase_map', 'labelbox', 'previous_task_name', 'phase_key', 'phase') }}
            as previous_phase,
        case
            when previous_task_name is not null
                then {{ vocabulary_lookup(
                    'status_map', 'labelbox', 'previous_task_name', 'status_key', 'status', "'custom'"
                ) }}
        end as previous_status,
        next_task_id,
        next_task_name,
        {{ vocabulary_lookup('phase_map', 'labelbox', 'next_task_name', 'phase_key', 'phase') }}
            as next_phase,
        case
            when next_task_name is not null
                then {{ vocabulary_lookup(
                    'status_map', 'labelbox', 'next_task_name', 'status_key', 'status', "'custom'"
                ) }}
        end as next_status,
        source_file,
        source_row,
        source_loaded_at,
        base_written_at
    from extracted
),

sequenced as (
    select
        vendor,
        project_id,
        data_row_id,
        row_number() over (
            partition by project_id, data_row_id
            order by case when created_at is null then 1 else 0 end, created_at, history_index
        ) as event_sequence,
        history_index,
        action_raw,
        review_outcome,
        created_at,
        created_at_raw,
        created_by,
        previous_task_id,
        previous_task_name,
        previous_phase,
        previous_status,
        next_task_id,
        next_task_name,
        next_phase,
        next_status,
        case
            when {{ unparseable('created_at_raw', 'created_at') }} then 'created_at'
        end as invalid_fields,
        source_file,
        source_row,
        source_loaded_at,
        base_written_at
    from renamed
)

select * from sequenced

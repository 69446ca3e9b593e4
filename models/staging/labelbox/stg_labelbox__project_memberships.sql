{#- One row per data row x project of a Labelbox export (a Catalog export lists a data row
    in every project it belongs to), with the project_details of the data row in that project:
    its current task, batch (the folder), workflow status and consensus settings. Fields of
    project_details are NULL when the export did not include that section. -#}

{{ config(**incremental_by_base_rows('base_labelbox__export_v2', 'labelbox', 'export_v2')) }}

with

projects as (
    {{ labelbox_projects_unnested() }}
),

extracted as (
    select
        vendor,
        project_id,
        data_row_id,
        coalesce(
            {{ json_text('project_json', 'name') }},
            {{ json_text('project_json', 'project_name') }}
        ) as project_name,
        {{ json_text('project_json', 'project_details.ontology_id') }} as ontology_id,
        {{ json_text('project_json', 'project_details.task_id') }} as task_id,
        {{ json_text('project_json', 'project_details.task_name') }} as task_name,
        {{ json_text('project_json', 'project_details.batch_id') }} as batch_id,
        {{ json_text('project_json', 'project_details.batch_name') }} as batch_name,
        {{ json_text('project_json', 'project_details.workflow_status') }} as workflow_status_raw,
        {{ json_text('project_json', 'project_details.priority') }} as priority_raw,
        {{ json_text('project_json', 'project_details.selected_label_id') }} as selected_label_id,
        {{ json_text('project_json', 'project_details.consensus_expected_label_count') }}
            as consensus_expected_label_count_raw,
        {{ json_type('project_json', 'project_details') }} = 'object' as has_project_details,
        {{ json_array_length('project_json', 'labels') }} as label_count,
        {{ json_array_length('project_json', 'project_details.workflow_history') }} as workflow_history_count,
        source_file,
        source_row,
        source_loaded_at,
        base_written_at
    from projects
),

renamed as (
    select
        vendor,
        project_id,
        data_row_id,
        project_name,
        ontology_id,
        task_id,
        task_name,
        batch_id,
        batch_name,
        workflow_status_raw,
        case
            when workflow_status_raw is not null
                then {{ vocabulary_lookup(
                    'status_map', 'labelbox', 'workflow_status_raw', 'status_key', 'status', "'custom'"
                ) }}
        end as status,
        {{ try_cast_number('priority_raw') }} as priority,
        priority_raw,
        selected_label_id,
        {{ try_cast_integer('consensus_expected_label_count_raw') }} as consensus_expected_label_count,
        consensus_expected_label_count_raw,
        coalesce(label_count, 0) as label_count,
        workflow_history_count,
        coalesce(has_project_details, false) as has_project_details,
        source_file,
        source_row,
        source_loaded_at,
        base_written_at
    from extracted
),

flagged as (
    select
        *,
        nullif(concat_ws(
            ',',
            case when {{ unparseable('priority_raw', 'priority') }} then 'priority' end,
            case
                when {{ unparseable('consensus_expected_label_count_raw', 'consensus_expected_label_count') }}
                    then 'consensus_expected_label_count'
            end
        ), '') as invalid_fields
    from renamed
)

select * from flagged

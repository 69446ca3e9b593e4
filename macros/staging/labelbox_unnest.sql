{#- The one place a Labelbox Export v2 line is unnested: data row -> projects -> labels, over
    the valid, newest lines of base_labelbox__export_v2. The stg_labelbox__ models select
    from these as CTEs, so their unit tests keep feeding whole export lines (an ephemeral
    model in between would force SQL fixtures). -#}

{% macro labelbox_projects_unnested() -%}
    {#- One row per project a valid, newest export line lists. -#}
    select
        lines.vendor,
        lines.data_row_id,
        project.project_key as project_id,
        project.project_value as project_json,
        lines.source_file,
        lines.source_row,
        lines.source_loaded_at,
        lines.base_written_at
    from {{ base_rows(ref('base_labelbox__export_v2')) }} as lines
    {{ json_each('lines.raw_record', 'projects', 'project') }}
    where lines.rejection_reason is null
        and not lines.is_duplicate
        and project.project_key is not null
{%- endmacro %}

{% macro labelbox_labels_unnested() -%}
    {#- One row per label of those projects; label_id is the trimmed `id`, NULL or blank when
        the export left it out. -#}
    select
        projects.vendor,
        projects.project_id,
        projects.data_row_id,
        label.label_key as label_index,
        trim({{ json_text('label.label_value', 'id') }}) as label_id,
        label.label_value as label_json,
        projects.source_file,
        projects.source_row,
        projects.source_loaded_at,
        projects.base_written_at
    from ({{ labelbox_projects_unnested() }}) as projects
    {{ json_each('projects.project_json', 'labels', 'label') }}
    where label.label_key is not null
{%- endmacro %}

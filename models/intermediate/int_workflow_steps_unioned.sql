{#- Every vendor's workflow steps, one row per step a task went through (who worked a task
    in which phase, when it ended, how long the vendor says it took): the union of
    int_crowdai__workflow_steps, int_labelbox__workflow_steps,
    int_superannotate__workflow_steps and int_dataloop__workflow_steps (each vendor's rule in
    its model's header). status is the step's outcome: in_rework when it sent the task back,
    skipped when it skipped or discarded it, else done (CrowdAI: the phase row's status
    through status_map).
    Incremental by file (macros/config/incremental_by_key.sql): a run rewrites the steps
    of the source files whose vendor rows changed. -#}
{%- set vendor_models = [
    'int_crowdai__workflow_steps',
    'int_labelbox__workflow_steps',
    'int_superannotate__workflow_steps',
    'int_dataloop__workflow_steps',
] %}
{%- set file_key = ['vendor', 'source_file'] %}
{{ config(**incremental_by_key(vendor_models, file_key)) }}


with

unioned as (
    {{ union_vendor_models(vendor_models) }}
),

{{ changed_key_rows('unioned', vendor_models, file_key) }},

final as (
    select
        {{ surrogate_key(['vendor', 'source_file', 'source_row', 'entry_index']) }} as step_id,
        vendor,
        project_id,
        task_id,
        media_id,
        workflow_id,
        phase,
        phase_raw,
        status,
        status_raw,
        annotator_user_id,
        {{ annotator_id('vendor', 'annotator_user_id') }} as annotator_id,
        completed_at,
        cast(work_seconds as {{ type_double() }}) as work_seconds,
        source_file,
        source_row,
        entry_index,
        incremental_key,
        key_input_hash as input_hash
    from changed_key_rows
)

select * from final

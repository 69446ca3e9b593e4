{% macro landing_zone_models() -%}
    {#- Every base model (one per raw source, every record with rejection_reason and
        is_duplicate) and the staging model(s) its valid, newest records become. The audit
        models account for each landing-zone record through this list. The identity files
        belong to no vendor: their vendor is `identity`. -#}
    {{- return([
        {'base': 'base_crowdai__annotation_csv', 'staged': ['stg_crowdai__workflow_phases']},
        {'base': 'base_crowdai__media', 'staged': ['stg_crowdai__media']},
        {'base': 'base_labelbox__export_v2', 'staged': ['stg_labelbox__data_rows']},
        {'base': 'base_superannotate__annotation_status', 'staged': ['stg_superannotate__status_changes']},
        {'base': 'base_superannotate__editor_activity', 'staged': ['stg_superannotate__editor_samples']},
        {'base': 'base_superannotate__status_daily', 'staged': ['stg_superannotate__status_daily']},
        {'base': 'base_superannotate__annotations', 'staged': ['stg_superannotate__items']},
        {'base': 'base_roboflow__annotation_insights', 'staged': ['stg_roboflow__labeler_statistics']},
        {'base': 'base_dataloop__items', 'staged': ['stg_dataloop__items']},
        {'base': 'base_dataloop__analytics', 'staged': [
            'stg_dataloop__item_annotation_durations',
            'stg_dataloop__user_activity_times',
            'stg_dataloop__active_users',
        ]},
        {'base': 'base_identity__people', 'staged': ['stg_identity__people']},
    ]) -}}
{%- endmacro %}

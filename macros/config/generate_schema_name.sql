{#- Schemas are named after their layer (staging, intermediate, marts, seeds), not prefixed
    with the target schema, so BI tools and grants see the same names on every engine. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}

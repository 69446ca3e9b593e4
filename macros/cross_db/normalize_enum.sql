{% macro normalize_enum(expression) -%}
    {#- The lookup key of a vendor vocabulary value: lower case without spaces, underscores
        or hyphens, so `In Progress`, `InProgress` and `in_progress` meet one seed row. -#}
    nullif(lower(replace(replace(replace(trim({{ expression }}), ' ', ''), '_', ''), '-', '')), '')
{%- endmacro %}

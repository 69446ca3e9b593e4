{% macro json_array_length(expression, path) -%}
    {#- The number of elements of the JSON array at path (dot-separated keys, as for
        json_text); NULL when the value there is absent or not an array. -#}
    {{- return(adapter.dispatch('json_array_length', 'annotation_ops')(expression, path)) -}}
{%- endmacro %}

{% macro default__json_array_length(expression, path) -%}
    {%- set path_array = '{' ~ (path.split('.') | join(',')) ~ '}' -%}
    case
        when jsonb_typeof(cast({{ expression }} as jsonb) #> '{{ path_array }}') = 'array'
            then jsonb_array_length(cast({{ expression }} as jsonb) #> '{{ path_array }}')
    end
{%- endmacro %}

{% macro duckdb__json_array_length(expression, path) -%}
    case
        when json_type({{ expression }}, '$.{{ path }}') = 'ARRAY'
            then json_array_length({{ expression }}, '$.{{ path }}')
    end
{%- endmacro %}

{% macro spark__json_array_length(expression, path) -%}
    case
        when left(ltrim(get_json_object({{ expression }}, '$.{{ path }}')), 1) = '['
            then json_array_length(get_json_object({{ expression }}, '$.{{ path }}'))
    end
{%- endmacro %}

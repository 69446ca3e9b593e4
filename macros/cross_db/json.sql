{#- JSON access over records kept as text in the raw layer. Paths are dot-separated keys
    (`data_row.details.dataset_id`); keys with other characters are not supported. -#}

{% macro json_is_valid(expression) -%}
    {{- return(adapter.dispatch('json_is_valid', 'annotation_ops')(expression)) -}}
{%- endmacro %}

{% macro duckdb__json_is_valid(expression) -%}
    coalesce(json_valid({{ expression }}), false)
{%- endmacro %}

{% macro json_text(expression, path) -%}
    {#- The value at path as text (strings unquoted); NULL when absent or JSON null. -#}
    {{- return(adapter.dispatch('json_text', 'annotation_ops')(expression, path)) -}}
{%- endmacro %}

{% macro duckdb__json_text(expression, path) -%}
    json_extract_string({{ expression }}, '$.{{ path }}')
{%- endmacro %}

{% macro json_fragment(expression, path) -%}
    {#- The JSON text of the value at path (an object or array stays JSON). -#}
    {{- return(adapter.dispatch('json_fragment', 'annotation_ops')(expression, path)) -}}
{%- endmacro %}

{% macro duckdb__json_fragment(expression, path) -%}
    cast(json_extract({{ expression }}, '$.{{ path }}') as varchar)
{%- endmacro %}

{% macro json_type(expression, path) -%}
    {#- object, array, string, number, boolean or null (lower case); NULL when absent. -#}
    {{- return(adapter.dispatch('json_type', 'annotation_ops')(expression, path)) -}}
{%- endmacro %}

{% macro duckdb__json_type(expression, path) -%}
    case lower(json_type({{ expression }}, '$.{{ path }}'))
        when 'bigint' then 'number'
        when 'ubigint' then 'number'
        when 'double' then 'number'
        when 'varchar' then 'string'
        else lower(json_type({{ expression }}, '$.{{ path }}'))
    end
{%- endmacro %}

{% macro json_each(expression, path, alias) -%}
    {#- A join clause: one row per element of the array, or entry of the object, at path.
        Exposes <alias>_key (object key, or the 0-based array index as text) and
        <alias>_value (the element's JSON text). Rows whose path is absent drop out. -#}
    {{- return(adapter.dispatch('json_each', 'annotation_ops')(expression, path, alias)) -}}
{%- endmacro %}

{% macro duckdb__json_each(expression, path, alias) -%}
    cross join lateral (
        select
            each_entry.key as {{ alias }}_key,
            cast(each_entry.value as varchar) as {{ alias }}_value
        from json_each({{ expression }}, '$.{{ path }}') as each_entry
    ) as {{ alias }}
{%- endmacro %}

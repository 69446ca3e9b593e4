{#- JSON access over records kept as text in the raw layer. Paths are dot-separated keys
    (`data_row.details.dataset_id`); keys with other characters are not supported. -#}

{#- PostgreSQL (jsonb): paths become text-array paths (`#>`, `#>>`); validity is a helper
    function that tries the cast (PG 15 has no IS JSON; see engine_functions.sql). Values are
    cast to jsonb only where the models have already checked json_is_valid (a cast of text
    that is not JSON fails). jsonb keeps object keys sorted, not in document order, and
    prints JSON with a space after `:` and `,`, so a fragment's text can differ from
    DuckDB's; its parsed value does not. -#}

{% macro postgres_json_path(path) -%}
    '{{ '{' ~ (path.split('.') | join(',')) ~ '}' }}'
{%- endmacro %}

{% macro json_is_valid(expression) -%}
    {{- return(adapter.dispatch('json_is_valid', 'annotation_ops')(expression)) -}}
{%- endmacro %}

{% macro duckdb__json_is_valid(expression) -%}
    coalesce(json_valid({{ expression }}), false)
{%- endmacro %}

{% macro postgres__json_is_valid(expression) -%}
    {{ engine_function('json_is_valid') }}({{ expression }})
{%- endmacro %}

{% macro json_text(expression, path) -%}
    {#- The value at path as text (strings unquoted); NULL when absent or JSON null. -#}
    {{- return(adapter.dispatch('json_text', 'annotation_ops')(expression, path)) -}}
{%- endmacro %}

{% macro duckdb__json_text(expression, path) -%}
    json_extract_string({{ expression }}, '$.{{ path }}')
{%- endmacro %}

{% macro postgres__json_text(expression, path) -%}
    (cast({{ expression }} as jsonb) #>> {{ postgres_json_path(path) }})
{%- endmacro %}

{% macro json_fragment(expression, path) -%}
    {#- The JSON text of the value at path (an object or array stays JSON). -#}
    {{- return(adapter.dispatch('json_fragment', 'annotation_ops')(expression, path)) -}}
{%- endmacro %}

{% macro duckdb__json_fragment(expression, path) -%}
    cast(json_extract({{ expression }}, '$.{{ path }}') as varchar)
{%- endmacro %}

{% macro postgres__json_fragment(expression, path) -%}
    cast(cast({{ expression }} as jsonb) #> {{ postgres_json_path(path) }} as text)
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

{% macro postgres__json_type(expression, path) -%}
    jsonb_typeof(cast({{ expression }} as jsonb) #> {{ postgres_json_path(path) }})
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

{% macro postgres__json_each(expression, path, alias) -%}
    {#- Objects through jsonb_each, arrays through jsonb_array_elements (0-based index as the
        key), a scalar as one row with a NULL key, like DuckDB's json_each. -#}
    cross join lateral (
        select
            each_entry.entry_key as {{ alias }}_key,
            each_entry.entry_value as {{ alias }}_value
        from (
            select
                cast({{ expression }} as jsonb) #> {{ postgres_json_path(path) }} as at_path
        ) as each_target
        cross join lateral (
            select object_entry.key as entry_key, cast(object_entry.value as text) as entry_value
            from jsonb_each(
                case when jsonb_typeof(each_target.at_path) = 'object' then each_target.at_path end
            ) as object_entry
            union all
            select
                cast(array_entry.position - 1 as text) as entry_key,
                cast(array_entry.element as text) as entry_value
            from jsonb_array_elements(
                case when jsonb_typeof(each_target.at_path) = 'array' then each_target.at_path end
            ) with ordinality as array_entry (element, position)
            union all
            select cast(null as text) as entry_key, cast(each_target.at_path as text) as entry_value
            where jsonb_typeof(each_target.at_path) not in ('object', 'array')
        ) as each_entry
    ) as {{ alias }}
{%- endmacro %}

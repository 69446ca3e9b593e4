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

{% macro duckdb_json_lists(expression, path) -%}
    {#- [keys, values] of the entries at path as two aligned lists (array: 0-based index as
        the key; object: its keys; scalar: one NULL key); NULL lists when absent. Lists, not
        json_each or a lateral join: over a CTE, DuckDB copies the whole document into every
        entry's row, gigabytes on a large export file. -#}
    {%- set at_path = "json_extract(" ~ expression ~ ", '$." ~ path ~ "')" -%}
    {%- set keys -%}
        case json_type({{ at_path }})
            when 'ARRAY' then cast(range(cast(json_array_length({{ at_path }}) as bigint)) as varchar[])
            when 'OBJECT' then json_keys({{ at_path }})
            else case when {{ at_path }} is not null then [cast(null as varchar)] end
        end
    {%- endset -%}
    {%- set values -%}
        cast(case json_type({{ at_path }})
            when 'ARRAY' then json_extract({{ at_path }}, '$[*]')
            when 'OBJECT' then json_extract({{ at_path }}, '$.*')
            else case when {{ at_path }} is not null then [{{ at_path }}] end
        end as varchar[])
    {%- endset -%}
    {{- return([keys, values]) -}}
{%- endmacro %}

{% macro duckdb_json_entries(expression, path, alias) -%}
    {#- The entries as a list of structs {<alias>_key, <alias>_value}, for list lambdas. -#}
    {%- set lists = duckdb_json_lists(expression, path) -%}
    list_transform(
        list_zip({{ lists[0] }}, {{ lists[1] }}),
        lambda entry: {'{{ alias }}_key': entry[1], '{{ alias }}_value': entry[2]}
    )
{%- endmacro %}

{% macro duckdb__json_each(expression, path, alias) -%}
    {%- set lists = duckdb_json_lists(expression, path) -%}
    cross join lateral (
        select
            unnest({{ lists[0] }}) as {{ alias }}_key,
            unnest({{ lists[1] }}) as {{ alias }}_value
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

{#- Spark: get_json_object / from_json / json_object_keys / json_array_length over the text.
    Differences from DuckDB, none of which the models depend on: a string value's text comes
    unquoted (get_json_object and from_json drop the quotes, so json_fragment and json_each
    values of strings are the bare text; the models strip quotes from those anyway), numbers
    are re-printed by Jackson (12.50 -> 12.5), JSON null at a path is NULL rather than 'null',
    and text after a complete JSON value (`{"a":1} x`) counts as valid. Arrays and objects are
    unnested with `lateral view inline(...)` (json_each) or with higher-order functions over
    the same array of entries where a correlated subquery would be needed (json_any,
    json_pick: Spark cannot correlate a generator inside a subquery). -#}

{% macro spark_json_path(path) -%}
    '$.{{ path }}'
{%- endmacro %}

{% macro spark__json_is_valid(expression) -%}
    coalesce(get_json_object({{ expression }}, '$') is not null, false)
{%- endmacro %}

{% macro spark__json_text(expression, path) -%}
    get_json_object({{ expression }}, {{ spark_json_path(path) }})
{%- endmacro %}

{% macro spark__json_fragment(expression, path) -%}
    get_json_object({{ expression }}, {{ spark_json_path(path) }})
{%- endmacro %}

{% macro spark__json_type(expression, path) -%}
    {#- Objects and arrays exactly; a scalar's type from its text (a string that reads as a
        number or boolean counts as one: get_json_object drops the quotes). -#}
    {%- set fragment = 'get_json_object(' ~ expression ~ ', ' ~ spark_json_path(path) ~ ')' -%}
    case
        when {{ fragment }} is null then null
        when left(ltrim({{ fragment }}), 1) = '{' and json_object_keys({{ fragment }}) is not null
            then 'object'
        when left(ltrim({{ fragment }}), 1) = '[' and json_array_length({{ fragment }}) is not null
            then 'array'
        when {{ fragment }} in ('true', 'false') then 'boolean'
        when {{ fragment }} rlike '^-?[0-9]+([.][0-9]+)?([eE][+-]?[0-9]+)?$' then 'number'
        else 'string'
    end
{%- endmacro %}

{% macro spark_json_entries(expression, path, alias) -%}
    {#- array<struct<alias_key, alias_value>>: the elements (0-based index as key) of the array
        at path, the entries of the object there, or the scalar with a NULL key; NULL when
        absent. -#}
    {%- set fragment = 'get_json_object(' ~ expression ~ ', ' ~ spark_json_path(path) ~ ')' -%}
    case
        when {{ fragment }} is null then null
        when left(ltrim({{ fragment }}), 1) = '[' and json_array_length({{ fragment }}) is not null
            then transform(
                from_json({{ fragment }}, 'array<string>'),
                (entry_value, entry_index) -> named_struct(
                    '{{ alias }}_key', cast(entry_index as string),
                    '{{ alias }}_value', entry_value
                )
            )
        when left(ltrim({{ fragment }}), 1) = '{' and json_object_keys({{ fragment }}) is not null
            then transform(
                map_entries(from_json({{ fragment }}, 'map<string,string>')),
                entry -> named_struct(
                    '{{ alias }}_key', entry.key,
                    '{{ alias }}_value', entry.value
                )
            )
        else array(named_struct(
            '{{ alias }}_key', cast(null as string),
            '{{ alias }}_value', {{ fragment }}
        ))
    end
{%- endmacro %}

{% macro spark__json_each(expression, path, alias) -%}
    lateral view inline({{ spark_json_entries(expression, path, alias) }}) {{ alias }}
        as {{ alias }}_key, {{ alias }}_value
{%- endmacro %}

{% macro json_each_columns(expression, path, alias) -%}
    {#- Select-list form of json_each: the columns <alias>_key and <alias>_value, one output
        row per entry (none when the path is absent or the array is empty). For documents as
        large as a whole export file, where a join clause would repeat the document per row. -#}
    {{- return(adapter.dispatch('json_each_columns', 'annotation_ops')(expression, path, alias)) -}}
{%- endmacro %}

{% macro default__json_each_columns(expression, path, alias) -%}
    {#- Two set-returning functions in one select list run in lockstep (PostgreSQL 10+). -#}
    {%- set at_path = "(cast(" ~ expression ~ " as jsonb) #> " ~ postgres_json_path(path) ~ ")" -%}
    unnest(case jsonb_typeof({{ at_path }})
        when 'array' then array(
            select cast(entry.position - 1 as text)
            from jsonb_array_elements({{ at_path }}) with ordinality as entry (element, position)
            order by entry.position
        )
        when 'object' then array(select entry.key from jsonb_each({{ at_path }}) as entry order by entry.key)
        else case when {{ at_path }} is not null then array[cast(null as text)] end
    end) as {{ alias }}_key,
    unnest(case jsonb_typeof({{ at_path }})
        when 'array' then array(
            select cast(entry.element as text)
            from jsonb_array_elements({{ at_path }}) with ordinality as entry (element, position)
            order by entry.position
        )
        when 'object' then array(
            select cast(entry.value as text) from jsonb_each({{ at_path }}) as entry order by entry.key
        )
        else case when {{ at_path }} is not null then array[cast({{ at_path }} as text)] end
    end) as {{ alias }}_value
{%- endmacro %}

{% macro duckdb__json_each_columns(expression, path, alias) -%}
    {%- set lists = duckdb_json_lists(expression, path) -%}
    unnest({{ lists[0] }}) as {{ alias }}_key,
    unnest({{ lists[1] }}) as {{ alias }}_value
{%- endmacro %}

{% macro spark__json_each_columns(expression, path, alias) -%}
    inline({{ spark_json_entries(expression, path, alias) }})
{%- endmacro %}

{% macro json_any(expression, path, alias, condition) -%}
    {#- True when some entry of the array or object at path (as json_each gives them, named
        <alias>.<alias>_key / <alias>.<alias>_value) satisfies condition; false otherwise. -#}
    {{- return(adapter.dispatch('json_any', 'annotation_ops')(expression, path, alias, condition)) -}}
{%- endmacro %}

{% macro default__json_any(expression, path, alias, condition) -%}
    exists(
        select 1
        from (select 1 as probe) as probe_row
        {{ json_each(expression, path, alias) }}
        where {{ condition }}
    )
{%- endmacro %}

{% macro duckdb__json_any(expression, path, alias, condition) -%}
    coalesce(len(list_filter({{ duckdb_json_entries(expression, path, alias) }}, lambda {{ alias }}: {{ condition }})) > 0, false)
{%- endmacro %}

{% macro spark__json_any(expression, path, alias, condition) -%}
    coalesce(exists({{ spark_json_entries(expression, path, alias) }}, {{ alias }} -> {{ condition }}), false)
{%- endmacro %}

{% macro json_pick(expression, path, alias, value_expression, condition='true') -%}
    {#- value_expression over the entry of the array or object at path (as json_each gives
        them) that satisfies condition; NULL when none does. At most one entry may match. -#}
    {{- return(adapter.dispatch('json_pick', 'annotation_ops')(expression, path, alias, value_expression, condition)) -}}
{%- endmacro %}

{% macro default__json_pick(expression, path, alias, value_expression, condition='true') -%}
    (
        select {{ value_expression }}
        from (select 1 as probe) as probe_row
        {{ json_each(expression, path, alias) }}
        where {{ condition }}
    )
{%- endmacro %}

{% macro duckdb__json_pick(expression, path, alias, value_expression, condition='true') -%}
    list_transform(
        list_filter({{ duckdb_json_entries(expression, path, alias) }}, lambda {{ alias }}: {{ condition }}),
        lambda {{ alias }}: {{ value_expression }}
    )[1]
{%- endmacro %}

{% macro spark__json_pick(expression, path, alias, value_expression, condition='true') -%}
    element_at(
        transform(
            filter({{ spark_json_entries(expression, path, alias) }}, {{ alias }} -> {{ condition }}),
            {{ alias }} -> {{ value_expression }}
        ),
        1
    )
{%- endmacro %}

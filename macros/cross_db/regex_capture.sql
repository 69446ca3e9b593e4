{#- The text a capturing group of a regular expression matched, or NULL when the pattern
    does not match. Patterns should stay in the syntax RE2 (DuckDB), POSIX ARE (PostgreSQL)
    and Java (Spark) share: character classes, `{n}` repeats, groups; write a literal dot as
    `[.]` rather than `\.` (backslashes are escaped differently by each engine's literals).
    Example: regex_capture('source_file', '_([0-9]{4}-[0-9]{2}-[0-9]{2})[.]csv$', 1). -#}

{% macro regex_capture(expression, pattern, group=1) -%}
    {{- return(adapter.dispatch('regex_capture', 'annotation_ops')(expression, pattern, group)) -}}
{%- endmacro %}

{% macro default__regex_capture(expression, pattern, group=1) -%}
    (regexp_match({{ expression }}, '{{ pattern | replace("'", "''") }}'))[{{ group }}]
{%- endmacro %}

{% macro postgres__regex_capture(expression, pattern, group=1) -%}
    {#- An empty capture is NULL, as on DuckDB (regexp_extract gives '' for no match). -#}
    nullif((regexp_match({{ expression }}, '{{ pattern | replace("'", "''") }}'))[{{ group }}], '')
{%- endmacro %}

{% macro duckdb__regex_capture(expression, pattern, group=1) -%}
    nullif(regexp_extract({{ expression }}, '{{ pattern | replace("'", "''") }}', {{ group }}), '')
{%- endmacro %}

{% macro spark__regex_capture(expression, pattern, group=1) -%}
    nullif(regexp_extract({{ expression }}, '{{ pattern | replace("'", "''") }}', {{ group }}), '')
{%- endmacro %}

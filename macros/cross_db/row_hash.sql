{% macro hash64(expressions) -%}
    {#- A 64-bit integer hash of one or more values (hash64_type()). Equal values give equal
        hashes on an engine, run after run. -#}
    {{- return(adapter.dispatch('hash64', 'annotation_ops')(expressions)) -}}
{%- endmacro %}

{% macro default__hash64(expressions) -%}
    hash({{ expressions | join(', ') }})
{%- endmacro %}

{% macro postgres__hash64(expressions) -%}
    hashtextextended(cast(row({{ expressions | join(', ') }}) as text), 0)
{%- endmacro %}

{% macro spark__hash64(expressions) -%}
    xxhash64({{ expressions | join(', ') }})
{%- endmacro %}

{% macro hash64_type() -%}
    {{- return(adapter.dispatch('hash64_type', 'annotation_ops')()) -}}
{%- endmacro %}

{% macro default__hash64_type() -%}
    {{- return('bigint') -}}
{%- endmacro %}

{% macro duckdb__hash64_type() -%}
    {{- return('ubigint') -}}
{%- endmacro %}

{% macro sum_of_hash64(expressions) -%}
    {#- An aggregate: the exact sum of the rows' hash64, which changes when a row is added,
        removed or changed (a repeated row included), whatever the row order. -#}
    {%- if target.type == 'spark' -%}
        sum(cast({{ hash64(expressions) }} as decimal(38, 0)))
    {%- else -%}
        sum({{ hash64(expressions) }})
    {%- endif -%}
{%- endmacro %}

{% macro row_hash(expressions) -%}
    {#- A 64-bit hash of a row's values, as a number the engine sums exactly: summed over a
        group it changes when a row is added, removed or changed, whatever the row order. -#}
    {{- return(adapter.dispatch('row_hash', 'annotation_ops')(expressions)) -}}
{%- endmacro %}

{% macro default__row_hash(expressions) -%}
    {#- DuckDB: a UBIGINT, whose sum is a HUGEINT. -#}
    hash({{ expressions | join(', ') }})
{%- endmacro %}

{% macro postgres__row_hash(expressions) -%}
    {#- A bigint, whose sum is a numeric. -#}
    hashtextextended(cast(row({{ expressions | join(', ') }}) as text), 0)
{%- endmacro %}

{% macro spark__row_hash(expressions) -%}
    {#- A decimal: the sum of bigints would overflow. -#}
    cast(xxhash64({{ expressions | join(', ') }}) as decimal(38, 0))
{%- endmacro %}

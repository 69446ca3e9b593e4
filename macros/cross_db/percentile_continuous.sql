{% macro percentile_continuous(expression, fraction) -%}
    {#- The continuous percentile (an aggregate) of a numeric expression as a double: sort the
        n non-NULL values, take position fraction * (n - 1) counted from 0, and interpolate
        linearly between the two values around it - the median of 10, 20, 40, 80 is 30. The
        same definition on every engine (DuckDB quantile_cont, PostgreSQL percentile_cont,
        Spark percentile); NULL when every value is NULL. -#}
    {%- if fraction is not number or fraction < 0 or fraction > 1 -%}
        {{ exceptions.raise_compiler_error("percentile_continuous: fraction must be a number in [0, 1], got " ~ fraction) }}
    {%- endif -%}
    {{- return(adapter.dispatch('percentile_continuous', 'annotation_ops')(expression, fraction)) -}}
{%- endmacro %}

{% macro default__percentile_continuous(expression, fraction) -%}
    {#- PostgreSQL (and standard SQL): an ordered-set aggregate, not usable as a window. -#}
    percentile_cont({{ fraction }}) within group (order by cast({{ expression }} as {{ type_double() }}))
{%- endmacro %}

{% macro duckdb__percentile_continuous(expression, fraction) -%}
    quantile_cont(cast({{ expression }} as {{ type_double() }}), {{ fraction }})
{%- endmacro %}

{% macro spark__percentile_continuous(expression, fraction) -%}
    {#- Spark's exact percentile (percentile_approx would be an approximation). -#}
    percentile(cast({{ expression }} as {{ type_double() }}), {{ fraction }})
{%- endmacro %}

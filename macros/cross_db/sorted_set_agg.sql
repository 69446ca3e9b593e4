{% macro sorted_set_agg(expression, delimiter='|') -%}
    {#- An aggregate: the distinct non-NULL values of a text expression, sorted by their
        bytes (code points), joined with delimiter; NULL when there are none. Two groups with
        the same set of values give the same text whatever the order of their rows, and every
        engine gives the same text (byte order, not the database's collation). -#}
    {{- return(adapter.dispatch('sorted_set_agg', 'annotation_ops')(expression, delimiter)) -}}
{%- endmacro %}

{% macro default__sorted_set_agg(expression, delimiter='|') -%}
    {#- PostgreSQL: the "C" collation sorts by bytes, like DuckDB and Spark. -#}
    string_agg(
        distinct cast({{ expression }} as text) collate "C", '{{ delimiter }}'
        order by cast({{ expression }} as text) collate "C"
    )
{%- endmacro %}

{% macro duckdb__sorted_set_agg(expression, delimiter='|') -%}
    string_agg(distinct {{ expression }}, '{{ delimiter }}' order by {{ expression }})
{%- endmacro %}

{% macro spark__sorted_set_agg(expression, delimiter='|') -%}
    {#- array_join of an empty set is '': NULL instead, like the other engines. -#}
    case
        when size(collect_set({{ expression }})) > 0
            then array_join(array_sort(collect_set({{ expression }})), '{{ delimiter }}')
    end
{%- endmacro %}

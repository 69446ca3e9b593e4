{#- The valid, newest rows of one Dataloop analytics measure (base_dataloop__analytics checks
    each measure's required fields): the source of the stg_dataloop__ measure models. -#}
{% macro dataloop_measure_rows(measure_type) -%}
    select * from {{ base_rows(ref('base_dataloop__analytics')) }} as base_records
    where
        rejection_reason is null
        and not is_duplicate
        and measure_type = '{{ measure_type }}'
{%- endmacro %}

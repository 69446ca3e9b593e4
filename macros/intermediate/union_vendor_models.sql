{#- The union of one entity's per-vendor intermediate models, `union all`, each row stamped
    by the vendor model itself. `columns` lists the shared columns in output order as
    [name, data type] pairs; a column a vendor model does not have becomes a NULL of that
    type, so no model pads by hand. A vendor model's columns are read from the warehouse (in
    a unit test, whose inputs are fixtures, from the vendor model built next to this one,
    whose columns the fixture has); where it is not built yet, they are the columns its YAML
    documents. A vendor column the list does not name is not carried. -#}
{% macro union_vendor_models(model_names, columns) %}
    {%- for model_name in model_names %}
        {%- set relation = ref(model_name) -%}
        {%- set present = [] -%}
        {%- if execute -%}
            {%- if '__dbt__cte__' in (relation | string) -%}
                {#- the vendor models share the unioned model's schema -#}
                {%- set described = adapter.get_relation(
                    database=model.database or target.database,
                    schema=model.schema or generate_schema_name('intermediate', none) | trim,
                    identifier=model_name,
                ) -%}
            {%- else -%}
                {%- set described = relation -%}
            {%- endif -%}
            {%- set found = adapter.get_columns_in_relation(described) if described is not none else [] -%}
            {%- for column in found -%}
                {%- do present.append(column.name | lower) -%}
            {%- endfor -%}
            {%- if present | length == 0 -%}
                {%- for node in (graph.get('nodes') or {}).values()
                    if node.resource_type == 'model' and node.name == model_name -%}
                    {%- for column_name in node.columns -%}
                        {%- do present.append(column_name | lower) -%}
                    {%- endfor -%}
                {%- endfor -%}
            {%- endif -%}
        {%- endif %}
    select
        {%- for column in columns %}
        {% if column[0] in present -%}
            {{ column[0] }}
        {%- else -%}
            cast(null as {{ column[1] }}) as {{ column[0] }}
        {%- endif -%}
        {{- "," if not loop.last }}
        {%- endfor %}
    from {{ relation }}
    {%- if not loop.last %}

    union all
    {% endif -%}
    {%- endfor %}
{% endmacro %}

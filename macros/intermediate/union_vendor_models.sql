{#- The union of one entity's per-vendor intermediate models, `union all`, each row stamped
    by the vendor model itself. The shared columns are the calling model's YAML columns that
    have a `data_type` (string, int, bigint, numeric, double, boolean, timestamp, date), in
    YAML order: the entity's contract lives beside its descriptions. A column a vendor model
    does not have becomes a NULL of that type, so no model pads by hand. A vendor model's
    columns are read from the warehouse (in a unit test, whose inputs are fixtures, from the
    vendor model built next to this one, whose columns the fixture has); where it is not
    built yet, they are the columns its YAML documents. A vendor column the contract does not
    name is not carried. -#}
{% macro union_vendor_models(model_names) %}
    {%- set columns = union_contract_columns(model_names) -%}
    {%- for model_name in model_names %}
        {%- set present = (vendor_model_columns(model_name) | map(attribute='name') | list) if execute else [] %}
    select
        {%- for column in columns %}
        {% if column.name in present -%}
            {{ column.name }}
        {%- else -%}
            cast(null as {{ column.sql_type }}) as {{ column.name }}
        {%- endif -%}
        {{- "," if not loop.last }}
        {%- endfor %}
    from {{ ref(model_name) }}
    {%- if not loop.last %}

    union all
    {% endif -%}
    {%- endfor %}
{% endmacro %}

{% macro union_contract_columns(model_names) %}
    {#- [{name, sql_type}]: the calling model's YAML columns that carry a data_type. A unit
        test sees no graph: there the contract is every column of the built vendor models
        (dbt compares only the columns a test expects). -#}
    {%- set contract = [] -%}
    {%- if execute -%}
        {%- set node = (graph.get('nodes') or {}).get('model.' ~ project_name ~ '.' ~ model.name) -%}
        {%- if node is not none -%}
            {%- for column in node.columns.values() if column.data_type -%}
                {%- do contract.append({'name': column.name | lower, 'sql_type': portable_data_type(column.data_type)}) -%}
            {%- endfor -%}
        {%- else -%}
            {%- for model_name in model_names -%}
                {%- for column in vendor_model_columns(model_name)
                    if column.name not in (contract | map(attribute='name') | list) -%}
                    {%- do contract.append(column) -%}
                {%- endfor -%}
            {%- endfor -%}
        {%- endif -%}
        {%- if contract | length == 0 -%}
            {{ exceptions.raise_compiler_error(
                model.name ~ ": union_vendor_models finds no columns: give the model's YAML columns a data_type"
                ~ " (in a unit test: build the vendor models first)") }}
        {%- endif -%}
    {%- endif -%}
    {{- return(contract) -}}
{% endmacro %}

{% macro vendor_model_columns(model_name) %}
    {#- [{name, sql_type}] of a vendor model as built in the warehouse (in a unit test, whose
        inputs are fixtures, the vendor model built next to the tested one), else its YAML
        column names (type unknown). -#}
    {%- set relation = ref(model_name) -%}
    {%- set found = [] -%}
    {%- if '__dbt__cte__' in (relation | string) -%}
        {%- set described = adapter.get_relation(
            database=model.database or target.database,
            schema=model.schema or generate_schema_name('intermediate', none) | trim,
            identifier=model_name,
        ) -%}
    {%- else -%}
        {%- set described = relation -%}
    {%- endif -%}
    {%- for column in (adapter.get_columns_in_relation(described) if described is not none else []) -%}
        {%- do found.append({'name': column.name | lower, 'sql_type': column.data_type}) -%}
    {%- endfor -%}
    {%- if found | length == 0 -%}
        {%- for node in (graph.get('nodes') or {}).values()
            if node.resource_type == 'model' and node.name == model_name -%}
            {%- for column_name in node.columns -%}
                {%- do found.append({'name': column_name | lower, 'sql_type': none}) -%}
            {%- endfor -%}
        {%- endfor -%}
    {%- endif -%}
    {{- return(found) -}}
{% endmacro %}

{% macro portable_data_type(name) %}
    {#- A YAML data_type of the union contracts as this engine's type. -#}
    {%- set types = {
        'string': dbt.type_string(),
        'int': dbt.type_int(),
        'bigint': dbt.type_bigint(),
        'numeric': dbt.type_numeric(),
        'double': type_double(),
        'boolean': 'boolean',
        'timestamp': dbt.type_timestamp(),
        'date': 'date',
    } -%}
    {%- if name not in types -%}
        {{ exceptions.raise_compiler_error("unknown contract data_type '" ~ name ~ "' (one of " ~ types.keys() | join(', ') ~ ")") }}
    {%- endif -%}
    {{- return(types[name]) -}}
{% endmacro %}

{% macro padded_select(relation, carry, values, where=none) %}
    {#- One branch of a union inside a model whose YAML states its contract (columns with a
        data_type, as union_vendor_models reads them): `carry` names the contract columns
        relation has under the same name, `values` maps others to SQL expressions over it;
        every other contract column is a typed NULL. -#}
    {%- set columns = union_contract_columns([]) if execute else [] -%}
    {%- set given = dict(values) -%}
    {%- for name in carry -%}
        {%- do given.update({name: name}) -%}
    {%- endfor -%}
    {%- for name in given if execute and name not in (columns | map(attribute='name') | list) -%}
        {{ exceptions.raise_compiler_error(model.name ~ ": padded_select: '" ~ name ~ "' is not a contract column") }}
    {%- endfor %}
    select
        {%- for column in columns %}
        {% if column.name in given -%}
            {{ given[column.name] }}{{ '' if given[column.name] == column.name else ' as ' ~ column.name }}
        {%- else -%}
            cast(null as {{ column.sql_type }}) as {{ column.name }}
        {%- endif -%}
        {{- "," if not loop.last }}
        {%- endfor %}
    from {{ relation }}
    {%- if where is not none %}
    where {{ where }}
    {%- endif %}
{% endmacro %}

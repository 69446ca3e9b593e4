{#- Seeds on Spark: the seeds' column_types say `varchar` (DuckDB and PostgreSQL), which
    Spark only knows with a length; dbt-spark's seed macros run with those types mapped to
    Spark's `string` (every other type is left as written). -#}

{% macro spark_seed_column_types(model) -%}
    {%- set column_types = model['config'].get('column_types') or {} -%}
    {%- for name, data_type in column_types.items() -%}
        {%- if (data_type | string | trim | lower) in ('varchar', 'text') -%}
            {%- do column_types.update({name: 'string'}) -%}
        {%- endif -%}
    {%- endfor -%}
{%- endmacro %}

{% macro spark__create_csv_table(model, agate_table) -%}
    {%- do spark_seed_column_types(model) -%}
    {{- return(dbt.spark__create_csv_table(model, agate_table)) -}}
{%- endmacro %}

{% macro spark_seed_literal(value) -%}
    {#- A Spark SQL string literal (backslash escapes), or null. -#}
    {%- if value is none -%}
        null
    {%- else -%}
        '{{ value | string | replace('\\', '\\\\') | replace("'", "\\'") }}'
    {%- endif -%}
{%- endmacro %}

{% macro spark__load_csv_rows(model, agate_table) -%}
    {#- As dbt-spark's, but with the values written as escaped literals: the session
        method substitutes bindings unescaped, so a value with a quote (`freelancer's`)
        broke the insert. -#}
    {%- do spark_seed_column_types(model) -%}
    {%- set batch_size = get_batch_size() -%}
    {%- set column_override = model['config'].get('column_types', {}) -%}
    {%- set statements = [] -%}
    {%- for chunk in agate_table.rows | batch(batch_size) -%}
        {%- set sql -%}
            insert into {{ this.render() }} values
            {% for row in chunk -%}
                ({%- for value in row -%}
                    {%- set inferred_type = adapter.convert_type(agate_table, loop.index0) -%}
                    {%- set type = column_override.get(agate_table.column_names[loop.index0], inferred_type) -%}
                    cast({{ spark_seed_literal(value) }} as {{ type }})
                    {%- if not loop.last %},{% endif -%}
                {%- endfor -%})
                {%- if not loop.last %},{% endif %}
            {% endfor %}
        {%- endset -%}
        {%- do adapter.add_query(sql, abridge_sql_log=True) -%}
        {%- if loop.index0 == 0 -%}
            {%- do statements.append(sql) -%}
        {%- endif -%}
    {%- endfor -%}
    {{- return(statements[0]) -}}
{%- endmacro %}

{% macro spark__cast(field, type) -%}
    {#- dbt's cast (contracts' empty-schema check, unit-test fixtures): the contracts say
        `varchar` (DuckDB, PostgreSQL), which Spark only knows with a length: `string`. -#}
    {%- set spark_type = 'string' if (type | string | trim | lower) in ('varchar', 'text') else type -%}
    cast({{ field }} as {{ spark_type }})
{%- endmacro %}

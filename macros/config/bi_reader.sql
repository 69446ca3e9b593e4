{#- The read-only role BI tools connect with (var bi_reader_role; README "Engines"). Every mart
    gets `grants: {select: [role]}` from dbt_project.yml (not on DuckDB or Spark: no roles);
    these hooks do what dbt's grants do not: make sure the role exists before the first grant
    (on-run-start) and give it USAGE on the schemas of the granted models - the marts schema,
    never raw, staging, intermediate or seeds (on-run-end). -#}

{% macro ensure_bi_reader_role() -%}
    {{- return(adapter.dispatch('ensure_bi_reader_role', 'annotation_ops')()) -}}
{%- endmacro %}

{% macro default__ensure_bi_reader_role() -%}
    {#- DuckDB has no roles; other engines: the warehouse's administrators manage roles. -#}
{%- endmacro %}

{% macro postgres__ensure_bi_reader_role() -%}
    {#- A missing role is created NOLOGIN (nobody can connect with it until an administrator
        gives it LOGIN and a password), so a build never fails on "role does not exist". -#}
    {%- set role = bi_reader_role() -%}
    {%- if execute and role -%}
        {%- set found = run_query("select 1 from pg_roles where rolname = '" ~ role ~ "'") -%}
        {%- if found.rows | length == 0 -%}
            {%- set allowed = run_query(
                "select rolsuper or rolcreaterole from pg_roles where rolname = current_user") -%}
            {%- if not allowed.rows[0][0] -%}
                {{ exceptions.raise_compiler_error(
                    "Role '" ~ role ~ "' (var bi_reader_role) does not exist and user '"
                    ~ target.user ~ "' may not create it: create it first (README, Engines)"
                    ~ " or set bi_reader_role to an existing role") }}
            {%- endif -%}
            {%- do run_query(
                "do $$ begin create role " ~ role ~ " nologin;"
                ~ " exception when duplicate_object then null; end $$") -%}
            {{ log("Created role " ~ role ~ " (NOLOGIN): give it LOGIN and a password to use it", info=true) }}
        {%- endif -%}
    {%- endif -%}
{%- endmacro %}

{% macro bi_reader_schemas() -%}
    {#- The schemas of the models whose grants give SELECT to the role (the marts). -#}
    {%- set role = bi_reader_role() -%}
    {%- set schemas = [] -%}
    {%- for node in graph.nodes.values() if node.resource_type == 'model' -%}
        {%- set grantees = (node.config.grants or {}).get('select', []) -%}
        {%- set grantees = [grantees] if grantees is string else grantees -%}
        {%- if role and role in grantees and node.schema not in schemas -%}
            {%- do schemas.append(node.schema) -%}
        {%- endif -%}
    {%- endfor -%}
    {{- return(schemas | sort) -}}
{%- endmacro %}

{% macro grant_bi_reader_usage() -%}
    {{- return(adapter.dispatch('grant_bi_reader_usage', 'annotation_ops')()) -}}
{%- endmacro %}

{% macro default__grant_bi_reader_usage() -%}
{%- endmacro %}

{% macro postgres__grant_bi_reader_usage() -%}
    {%- set role = bi_reader_role() -%}
    {%- if execute and role -%}
        {%- for schema in bi_reader_schemas() -%}
            {#- A run that built none of the marts may not have created the schema yet. -#}
            {%- if adapter.check_schema_exists(target.database, schema) -%}
                {%- do run_query("grant usage on schema " ~ adapter.quote(schema) ~ " to " ~ role) -%}
            {%- endif -%}
        {%- endfor -%}
    {%- endif -%}
{%- endmacro %}

{#-
    The one parser of the landing zone: per file kind, the rows of its files, every field as
    text plus source_file (path relative to data_dir) and source_row (record number within
    the file), from the sources' YAML (meta.landing_path, meta.file_format, column
    meta.header). A DuckDB build reads new and changed files through it into the archive
    (ingest_landing_zone.sql); the loader runs create_landing_zone_views into a throw-away
    DuckDB file and ships the views' rows to the server engines' raw tables.
-#}

{% macro create_landing_zone_views() -%}
    {{- return(adapter.dispatch('create_landing_zone_views', 'annotation_ops')()) -}}
{%- endmacro %}

{% macro default__create_landing_zone_views() -%}
    {#- Server engines: the raw tables are the loader's; nothing to do here. -#}
{%- endmacro %}

{% macro duckdb__create_landing_zone_views() -%}
    {%- if execute -%}
        {%- set schema = raw_schema() -%}
        {%- do run_query('create schema if not exists ' ~ schema) -%}
        {%- for node in landing_zone_sources() -%}
            {%- set view_sql = landing_zone_select(node) -%}
            {%- do run_query('create or replace view ' ~ schema ~ '.' ~ node.identifier ~ ' as ' ~ view_sql) -%}
        {%- endfor -%}
    {%- endif -%}
{%- endmacro %}

{% macro landing_zone_sources() -%}
    {#- Source tables that stand for a file kind of the landing zone, in a stable order. -#}
    {%- set found = [] -%}
    {%- for node in graph.sources.values() | sort(attribute='unique_id') -%}
        {%- if node.meta.get('file_format') -%}
            {%- do found.append(node) -%}
        {%- endif -%}
    {%- endfor -%}
    {{- return(found) -}}
{%- endmacro %}

{% macro sql_string(value) -%}
    '{{ value | string | replace("'", "''") }}'
{%- endmacro %}

{% macro landing_zone_files(node) -%}
    {%- set pattern = data_dir() ~ '/' ~ node.meta['landing_path'] -%}
    {%- set result = run_query('select file from glob(' ~ sql_string(pattern) ~ ') order by file') -%}
    {{- return(result.columns[0].values() | list) -}}
{%- endmacro %}

{% macro landing_zone_relative_path(node, file) -%}
    {#- Path of a file relative to data_dir: the landing folder plus the file's name. -#}
    {{- return(node.meta['landing_path'].rsplit('/', 1)[0] ~ '/' ~ file.replace('\\', '/').split('/')[-1]) -}}
{%- endmacro %}

{% macro landing_zone_select(node, files=none) -%}
    {#- The rows of `files` (absolute paths; default: every file of the kind). -#}
    {%- set files = landing_zone_files(node) if files is none else files -%}
    {%- set columns = node.columns.values() | list -%}
    {%- if files | length == 0 -%}
        {#- A missing or empty folder: an empty relation of the same shape. -#}
        select
        {%- for column in columns %}
            cast(null as {{ 'bigint' if column.name == 'source_row' else 'varchar' }}) as {{ column.name }}{{ ',' if not loop.last }}
        {%- endfor %}
        where 1 = 0
    {%- elif node.meta['file_format'] == 'csv' -%}
        {{ landing_zone_csv_select(node, files) }}
    {%- else -%}
        {{ landing_zone_json_select(node, files) }}
    {%- endif -%}
{%- endmacro %}

{% macro csv_reader(file) -%}
    {#- null_padding reads a short row with NULLs (staging then rejects it for the missing
        field); DuckDB's parallel scanner cannot combine it with quoted newlines, hence
        parallel = false (each file on one thread). -#}
    read_csv(
        {{ sql_string(file) }}, header = true, all_varchar = true, delim = ',', quote = '"', escape = '"',
        null_padding = true, parallel = false
    )
{%- endmacro %}

{% macro landing_zone_csv_select(node, files) -%}
    {#- One select per file: headers are matched per file, case-insensitively and ignoring
        surrounding spaces, so files with reordered, extra or missing optional columns union
        cleanly; a missing required column stops the run naming the file and the column. -#}
    {%- for file in files -%}
        {%- set described = run_query('describe select * from ' ~ csv_reader(file)) -%}
        {%- set by_header = {} -%}
        {%- for name in described.columns[0].values() -%}
            {%- do by_header.update({name | trim | lower: name}) -%}
        {%- endfor %}
        select
        {%- for column in node.columns.values() if column.meta.get('header') %}
            {%- set actual = by_header.get(column.meta['header'] | trim | lower) -%}
            {%- if actual is none and column.meta.get('required') -%}
                {{ exceptions.raise_compiler_error(
                    "Landing zone file " ~ file ~ " has no column '" ~ column.meta['header']
                    ~ "', which " ~ node.source_name ~ "." ~ node.name ~ " requires. Found columns: "
                    ~ (described.columns[0].values() | join(', '))
                ) }}
            {%- endif %}
            {% if actual is none %}cast(null as varchar){% else %}"{{ actual | replace('"', '""') }}"{% endif %} as {{ column.name }},
        {%- endfor %}
            {{ sql_string(landing_zone_relative_path(node, file)) }} as source_file,
            cast(ordinality as bigint) as source_row
        from {{ csv_reader(file) }} with ordinality
        {% if not loop.last %}union all{% endif %}
    {%- endfor -%}
{%- endmacro %}

{% macro landing_zone_json_select(node, files) -%}
    {#- ndjson: one record per non-empty line (numbered as in the file); json: one record per
        file. The text is kept as it is, so a record that is not JSON can still be reported. -#}
    {%- set folder = node.meta['landing_path'].rsplit('/', 1)[0] -%}
    {%- set file_list -%}
        [{%- for file in files %}{{ sql_string(file) }}{{ ', ' if not loop.last }}{% endfor -%}]
    {%- endset -%}
    {%- if node.meta['file_format'] == 'ndjson' %}
        select source_file, source_row, raw_record
        from (
            select
                {{ sql_string(folder ~ '/') }} || parse_filename(filename) as source_file,
                cast(generate_subscripts(lines, 1) as bigint) as source_row,
                unnest(lines) as raw_record
            from (
                select
                    filename,
                    string_split(replace(ltrim(content, chr(65279)), chr(13), ''), chr(10)) as lines
                from read_text({{ file_list }})
            )
        )
        where trim(raw_record) <> ''
    {%- else %}
        select
            {{ sql_string(folder ~ '/') }} || parse_filename(filename) as source_file,
            cast(1 as bigint) as source_row,
            ltrim(content, chr(65279)) as raw_record
        from read_text({{ file_list }})
    {%- endif -%}
{%- endmacro %}

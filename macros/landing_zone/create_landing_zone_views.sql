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

{% macro sql_string_list(values) -%}
    {%- for value in values -%}{{ sql_string(value) }}{{ ', ' if not loop.last }}{%- endfor -%}
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
        parallel = false (each file on one thread). It costs nothing: the record number
        (`with ordinality`) orders the scan either way - a strict parallel read writes the
        archive no faster (BENCHMARKS.md, "Reading CSVs in parallel"). -#}
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
        file, or per element for the kinds whose YAML names meta.json_records (below). The
        text is kept as it is, so a record that is not JSON can still be reported. -#}
    {%- set folder = node.meta['landing_path'].rsplit('/', 1)[0] -%}
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
                from read_text([{{ sql_string_list(files) }}])
            )
        )
        where trim(raw_record) <> ''
    {%- elif not node.meta.get('json_records') -%}
        {{ landing_zone_whole_json_select(node, files) }}
    {%- else -%}
        {{ landing_zone_json_records_select(node, files) }}
    {%- endif -%}
{%- endmacro %}

{% macro landing_zone_whole_json_select(node, files) -%}
    {#- One record per file, its text whole; the kind's other columns NULL. -#}
    select
    {%- for column in node.columns.values() if column.name not in ('source_file', 'source_row', 'raw_record') %}
        cast(null as varchar) as {{ column.name }},
    {%- endfor %}
        {{ sql_string(node.meta['landing_path'].rsplit('/', 1)[0] ~ '/') }} || parse_filename(filename) as source_file,
        cast(1 as bigint) as source_row,
        ltrim(content, chr(65279)) as raw_record
    from read_text([{{ sql_string_list(files) }}])
{%- endmacro %}

{#- meta.json_records: how a JSON file of the kind splits into records, so that no model
    ever holds a whole export (a Dataloop export of a large project is one document of
    hundreds of MB, and JSON values are not spilled to disk):
    - list_elements: a file holding a non-empty list is one record per element, streamed by
      read_json (source_row = position, list_index = position - 1);
    - analytics_response_rows: a saved analytics call {"request", "response": [{"response":
      [rows], "hasNext"}]} is one record per row with its file's request and its element's
      index and hasNext.
    read_json stops the run on a file that does not parse, so each file is checked first (one
    large file per query, so memory holds one document); a file that does not split is one
    record read whole, which staging rejects with a reason. -#}
{% macro landing_zone_json_records_select(node, files) -%}
    {%- set layout = node.meta['json_records'] -%}
    {#- Whether a file splits: one parse of the document (try: text that does not parse is
        NULL, so false). -#}
    {%- set splits_whole = {
        'list_elements': "try(json_array_length(content)) > 0",
        'analytics_response_rows': "try(list_sum(list_transform(from_json(content,"
            ~ " '{\"response\": [{\"response\": [\"JSON\"]}]}').response,"
            ~ " lambda element: coalesce(len(element.response), 0)))) > 0",
    } -%}
    {%- if layout not in splits_whole -%}
        {{ exceptions.raise_compiler_error(
            "Source " ~ node.source_name ~ "." ~ node.name ~ ": unknown meta.json_records '" ~ layout
            ~ "' (known: " ~ (splits_whole.keys() | join(', ')) ~ ")"
        ) }}
    {%- endif -%}
    {%- set sizes = run_query(
        'select filename, size from read_blob([' ~ sql_string_list(files) ~ ']) order by filename'
    ) -%}
    {%- set batches = [[]] -%}
    {%- for row in sizes -%}
        {%- if row[1] > 16777216 -%}
            {%- do batches.append([row[0]]) -%}
        {%- else -%}
            {%- do batches[0].append(row[0]) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- set split_files = [] -%}
    {%- set whole_files = [] -%}
    {%- for batch in batches if batch -%}
        {%- set checked = run_query(
            'select filename, size, coalesce(' ~ splits_whole[layout] ~ ', false) from ('
            ~ 'select filename, size, case when starts_with(content, chr(65279))'
            ~ ' then ltrim(content, chr(65279)) else content end as content'
            ~ ' from read_text([' ~ sql_string_list(batch) ~ ']))'
        ) -%}
        {%- for row in checked -%}
            {%- if row[2] -%}
                {%- do split_files.append({'path': row[0], 'size': row[1]}) -%}
            {%- else -%}
                {%- do whole_files.append(row[0]) -%}
            {%- endif -%}
        {%- endfor -%}
    {%- endfor -%}
    {%- set selects = [] -%}
    {%- for file in split_files | sort(attribute='path') -%}
        {%- set source_file = sql_string(landing_zone_relative_path(node, file.path)) -%}
        {#- A record may be as large as its file. -#}
        {%- set reader_options = "maximum_object_size = " ~ ([file.size + 1, 16777216] | max) -%}
        {%- if layout == 'list_elements' -%}
            {%- do selects.append(
                'select ' ~ source_file ~ ' as source_file, cast(ordinality as bigint) as source_row,'
                ~ ' cast(element as varchar) as raw_record, cast(ordinality - 1 as varchar) as list_index'
                ~ ' from read_json(' ~ sql_string(file.path) ~ ", format = 'array', records = false,"
                ~ " columns = {'element': 'JSON'}, " ~ reader_options ~ ') with ordinality'
            ) -%}
        {%- else -%}
            {%- do selects.append(
                'select ' ~ source_file ~ ' as source_file,'
                ~ ' cast(row_number() over (order by response_index, row_index) as bigint) as source_row,'
                ~ ' cast(response_row as varchar) as raw_record, request_json,'
                ~ ' cast(response_index as varchar) as response_index, cast(row_index as varchar) as row_index,'
                ~ ' has_next'
                ~ ' from (select request_json, response_index, cast(element.hasNext as varchar) as has_next,'
                ~ ' generate_subscripts(element.response, 1) - 1 as row_index, unnest(element.response) as response_row'
                ~ ' from (select cast(request as varchar) as request_json,'
                ~ ' generate_subscripts(response, 1) - 1 as response_index, unnest(response) as element'
                ~ ' from read_json(' ~ sql_string(file.path) ~ ", format = 'unstructured', records = true,"
                ~ " columns = {'request': 'JSON', 'response': 'STRUCT(\"response\" JSON[], \"hasNext\" JSON)[]'}, "
                ~ reader_options ~ ')))'
            ) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if whole_files -%}
        {%- do selects.append(landing_zone_whole_json_select(node, whole_files)) -%}
    {%- endif -%}
    {{- selects | join('\nunion all by name\n') -}}
{%- endmacro %}

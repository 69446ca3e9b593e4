{#-
    The landing zone as an archive read once (DuckDB). At the start of every run each file
    kind's files are listed with their size and modification time - their contents are not
    opened - and compared with the ledger `<raw_schema>._loaded_files`:
    - a new file is read (through landing_zone_select, the one parser) into the kind's raw
      table;
    - a changed file (other size or time) replaces its own rows;
    - an unchanged file is not opened;
    - a file gone from the landing zone keeps its rows (vendors delete old telemetry, people
      delete old downloads) and is marked is_present = false.
    Every new or changed file is checked (a CSV missing a required column stops the run
    naming it) before anything is written. The archive is not a dbt model, so
    `dbt build --full-refresh` rebuilds the models from it and never wipes it; var
    `rebuild_archive: true` drops it and reads every file present again.
    Server engines: the loader (`annotation-ops load`) fills the same raw tables and ledger.
-#}

{% macro ingest_landing_zone() -%}
    {{- return(adapter.dispatch('ingest_landing_zone', 'annotation_ops')()) -}}
{%- endmacro %}

{% macro default__ingest_landing_zone() -%}
{%- endmacro %}

{% macro duckdb__ingest_landing_zone() -%}
    {%- if execute -%}
        {%- set schema = raw_schema() -%}
        {%- set ledger = schema ~ '._loaded_files' -%}
        {%- set sources = landing_zone_sources() -%}
        {%- do run_query('create schema if not exists ' ~ schema) -%}
        {%- if rebuild_archive() -%}
            {%- do run_query('drop table if exists ' ~ ledger) -%}
            {%- do run_query('drop table if exists ' ~ schema ~ '._landing_zone') -%}
            {%- for node in sources -%}
                {%- do run_query('drop table if exists ' ~ schema ~ '.' ~ node.identifier) -%}
                {%- do run_query('drop view if exists ' ~ schema ~ '.' ~ node.identifier) -%}
            {%- endfor -%}
        {%- endif -%}
        {%- do landing_zone_check_root(schema) -%}
        {%- do run_query(
            'create table if not exists ' ~ ledger ~ ' ('
            ~ 'source varchar not null, source_file varchar not null, size bigint not null, '
            ~ 'modified_at timestamptz, sha256 varchar, row_count bigint not null, '
            ~ 'first_loaded_at timestamptz not null, loaded_at timestamptz not null, '
            ~ 'is_present boolean not null, primary key (source, source_file))'
        ) -%}

        {#- Plan every kind first: a bad file stops the run before anything is written. -#}
        {%- set plans = [] -%}
        {%- set counts = {'new': 0, 'changed': 0, 'unchanged': 0, 'missing': 0} -%}
        {%- for node in sources -%}
            {%- do landing_zone_raw_table(node) -%}
            {%- set key = node.source_name ~ '.' ~ node.name -%}
            {%- set listed = landing_zone_file_stats(node) -%}
            {%- set known = {} -%}
            {%- for row in run_query(
                'select source_file, size, cast(modified_at as varchar), is_present from ' ~ ledger
                ~ ' where source = ' ~ sql_string(key)
            ) -%}
                {%- do known.update({row[0]: row}) -%}
            {%- endfor -%}
            {%- set to_read = [] -%}
            {%- set unchanged = [] -%}
            {%- for file in listed -%}
                {%- set previous = known.get(file.relative) -%}
                {%- if previous is none -%}
                    {%- do to_read.append(file) -%}
                    {%- do counts.update({'new': counts['new'] + 1}) -%}
                {%- elif previous[1] != file.size or previous[2] != file.modified_at -%}
                    {%- do to_read.append(file) -%}
                    {%- do counts.update({'changed': counts['changed'] + 1}) -%}
                {%- else -%}
                    {%- do unchanged.append(file.relative) -%}
                    {%- do counts.update({'unchanged': counts['unchanged'] + 1}) -%}
                {%- endif -%}
            {%- endfor -%}
            {%- set listed_names = listed | map(attribute='relative') | list -%}
            {%- set missing = [] -%}
            {%- for name, row in known.items() if name not in listed_names -%}
                {%- do missing.append(name) -%}
                {%- if row[3] -%}
                    {%- do counts.update({'missing': counts['missing'] + 1}) -%}
                {%- endif -%}
            {%- endfor -%}
            {%- do plans.append({
                'node': node,
                'key': key,
                'to_read': to_read,
                'unchanged': unchanged,
                'missing': missing,
                'select': landing_zone_select(node, to_read | map(attribute='path') | list)
                    if to_read else none,
            }) -%}
        {%- endfor -%}

        {%- for plan in plans -%}
            {%- do landing_zone_archive_files(plan, ledger) -%}
        {%- endfor -%}
        {{ log(
            'Landing zone: ' ~ counts['new'] ~ ' new, ' ~ counts['changed'] ~ ' changed, '
            ~ counts['unchanged'] ~ ' unchanged, ' ~ counts['missing'] ~ ' missing files',
            info=true,
        ) }}
    {%- endif -%}
{%- endmacro %}

{% macro landing_zone_check_root(schema) -%}
    {#- One warehouse archives one landing zone: another data_dir would merge two zones' files
        (the first one's all "missing", kept). The first run records its data_dir. -#}
    {%- set table = schema ~ '._landing_zone' -%}
    {%- do run_query('create table if not exists ' ~ table ~ ' (data_dir varchar not null)') -%}
    {%- set recorded = run_query('select data_dir from ' ~ table) -%}
    {%- if recorded.rows | length == 0 -%}
        {%- do run_query('insert into ' ~ table ~ ' values (' ~ sql_string(data_dir()) ~ ')') -%}
    {%- elif recorded.rows[0][0] != data_dir() -%}
        {{ exceptions.raise_compiler_error(
            "This warehouse archives the landing zone " ~ recorded.rows[0][0] ~ ", not " ~ data_dir()
            ~ ". Build another landing zone into its own warehouse (DBT_DUCKDB_PATH), or read it"
            ~ " into this one from scratch with var rebuild_archive: true"
            ~ " (annotation-ops build --rebuild-archive)."
        ) }}
    {%- endif -%}
{%- endmacro %}

{% macro landing_zone_raw_table(node) -%}
    {#- The kind's archive table, every YAML column as text (source_row bigint); a column
        the YAML gained since is added (NULL in rows read before: rebuild_archive reads them
        again). A view left by an older version of the project is replaced. -#}
    {%- set relation = raw_schema() ~ '.' ~ node.identifier -%}
    {%- set found = run_query(
        "select table_type from information_schema.tables where table_schema = "
        ~ sql_string(raw_schema()) ~ " and table_name = " ~ sql_string(node.identifier)
    ) -%}
    {%- if found.rows | length > 0 and found.rows[0][0] == 'VIEW' -%}
        {%- do run_query('drop view ' ~ relation) -%}
    {%- endif -%}
    {%- set definitions = [] -%}
    {%- for column in node.columns.values() -%}
        {%- do definitions.append(column.name ~ (' bigint' if column.name == 'source_row' else ' varchar')) -%}
    {%- endfor -%}
    {%- do run_query('create table if not exists ' ~ relation ~ ' (' ~ definitions | join(', ') ~ ')') -%}
    {%- for column in node.columns.values() -%}
        {%- do run_query(
            'alter table ' ~ relation ~ ' add column if not exists ' ~ column.name
            ~ (' bigint' if column.name == 'source_row' else ' varchar')
        ) -%}
    {%- endfor -%}
{%- endmacro %}

{% macro landing_zone_file_stats(node) -%}
    {#- [{path, relative, size, modified_at}] of a kind's files; read_blob without its
        content column lists them without opening them. -#}
    {%- set files = landing_zone_files(node) -%}
    {%- set found = [] -%}
    {%- if files | length > 0 -%}
        {%- set listed = run_query(
            'select filename, size, cast(last_modified as varchar) from read_blob(['
            ~ sql_string_list(files) ~ ']) order by filename'
        ) -%}
        {%- for row in listed -%}
            {%- do found.append({
                'path': row[0],
                'relative': landing_zone_relative_path(node, row[0]),
                'size': row[1],
                'modified_at': row[2],
            }) -%}
        {%- endfor -%}
    {%- endif -%}
    {{- return(found) -}}
{%- endmacro %}

{% macro landing_zone_archive_files(plan, ledger) -%}
    {#- One transaction per kind: the new and changed files' rows replace their old ones
        and the ledger says so; the missing files are marked, present ones unmarked. -#}
    {%- set relation = raw_schema() ~ '.' ~ plan.node.identifier -%}
    {%- set key = sql_string(plan.key) -%}
    {%- set statements = ['begin transaction'] -%}
    {%- if plan.to_read -%}
        {%- set names = sql_string_list(plan.to_read | map(attribute='relative') | list) -%}
        {%- do statements.append('delete from ' ~ relation ~ ' where source_file in (' ~ names ~ ')') -%}
        {%- do statements.append('insert into ' ~ relation ~ ' by name (' ~ plan.select ~ ')') -%}
        {%- set stats -%}
            select * from (values
            {%- for file in plan.to_read %}
                ({{ sql_string(file.relative) }}, {{ file.size }}, cast({{ sql_string(file.modified_at) }} as timestamptz)){{ ',' if not loop.last }}
            {%- endfor %}
            ) as listed (source_file, size, modified_at)
        {%- endset -%}
        {%- do statements.append(
            'create or replace temp table _loaded_now as select ' ~ key ~ ' as source, listed.source_file,'
            ~ ' listed.size, listed.modified_at, cast(null as varchar) as sha256,'
            ~ ' (select count(*) from ' ~ relation ~ ' as archived where archived.source_file = listed.source_file) as row_count,'
            ~ ' coalesce(previous.first_loaded_at, current_timestamp) as first_loaded_at,'
            ~ ' current_timestamp as loaded_at, true as is_present'
            ~ ' from (' ~ stats ~ ') as listed left join ' ~ ledger ~ ' as previous'
            ~ ' on previous.source = ' ~ key ~ ' and previous.source_file = listed.source_file'
        ) -%}
        {%- do statements.append('delete from ' ~ ledger ~ ' where source = ' ~ key ~ ' and source_file in (' ~ names ~ ')') -%}
        {%- do statements.append('insert into ' ~ ledger ~ ' by name select * from _loaded_now') -%}
    {%- endif -%}
    {%- if plan.missing -%}
        {%- do statements.append(
            'update ' ~ ledger ~ ' set is_present = false where source = ' ~ key ~ ' and source_file in ('
            ~ sql_string_list(plan.missing) ~ ')'
        ) -%}
    {%- endif -%}
    {%- if plan.unchanged -%}
        {%- do statements.append(
            'update ' ~ ledger ~ ' set is_present = true where source = ' ~ key ~ ' and not is_present'
            ~ ' and source_file in (' ~ sql_string_list(plan.unchanged) ~ ')'
        ) -%}
    {%- endif -%}
    {%- do statements.append('commit') -%}
    {%- if statements | length > 2 -%}
        {%- do run_query(statements | join(';\n')) -%}
    {%- endif -%}
{%- endmacro %}

{% test covers_raw_records(model, raw_relation, match_columns=['source_file', 'source_row'], newest_write=none) %}
{#- Nothing lost between the raw layer and a base model: fails with every raw record that
    has no row in the model. newest_write ({'written_at': column}), for a base model
    incremental by file (matched on source_file, rows with source_loaded_at): an incremental
    run checks the file versions its newest write read and the files it holds no row of (a
    file lost whole); the other files were checked when they were read. --full-refresh
    checks every record. -#}
{%- set scoped = newest_write and not flags.FULL_REFRESH %}
with

{%- if scoped %}

file_versions as (
    select
        source_file,
        source_loaded_at,
        min({{ newest_write.written_at }}) as first_written_at
    from {{ model }}
    group by source_file, source_loaded_at
),

checked_files as (
    {#- The file versions the newest write read (none of their rows is older), and the files
        of the raw layer the model holds no row of. #}
    select source_file from file_versions
    where first_written_at = (select max(first_written_at) from file_versions)
    union
    select source_file from {{ raw_relation }}
    where source_file not in (select source_file from file_versions)
),
{%- endif %}

raw_records as (
    select * from {{ raw_relation }}
    {%- if scoped %}
    where source_file in (select source_file from checked_files)
    {%- endif %}
),

base_records as (
    select {{ match_columns | join(', ') }} from {{ model }}
    {%- if scoped %}
    where source_file in (select source_file from checked_files)
    {%- endif %}
)

select raw_records.*
from raw_records
where not exists (
    select 1
    from base_records
    where
    {%- for column in match_columns %}
        base_records.{{ column }} = raw_records.{{ column }}{% if not loop.last %} and{% endif %}
    {%- endfor %}
)
{% endtest %}

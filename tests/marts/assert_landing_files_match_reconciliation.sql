{#- Every file of the archive's ledger is a file the reconciliation counts and the other way
    round, with the same number of records read - except for whole-file JSON kinds, whose
    one raw record the base model splits into many, and files without a record (a CSV of
    only a header), which the reconciliation has no row for. -#}
{%- set whole_file_kinds = [] -%}
{%- if execute -%}
    {%- for node in landing_zone_sources() if node.meta['file_format'] == 'json' -%}
        {%- do whole_file_kinds.append(node.source_name ~ '.' ~ node.name) -%}
    {%- endfor -%}
{%- endif -%}
with

landing_files as (
    select * from {{ ref('audit_landing_files') }}
),

reconciliation as (
    select * from {{ ref('audit_row_reconciliation') }}
)

select
    coalesce(landing_files.source_file, reconciliation.source_file) as source_file,
    landing_files.rows_read as ledger_rows_read,
    reconciliation.rows_read as reconciled_rows_read
from landing_files
full outer join reconciliation
    on landing_files.vendor = reconciliation.vendor
        and landing_files.source_name = reconciliation.source_name
        and landing_files.source_file = reconciliation.source_file
where
    landing_files.source_file is null
    or (reconciliation.source_file is null and landing_files.rows_read > 0)
    or (
        landing_files.rows_read <> reconciliation.rows_read
        and landing_files.vendor || '.' || landing_files.source_name not in (
            ''{% for kind in whole_file_kinds %}, '{{ kind }}'{% endfor %}
        )
    )

{#- Per landing-zone file: records read, staged, rejected and superseded by a newer export.
    rows_staged is counted in the staging models themselves, so a record lost between a
    base model and staging breaks rows_read = rows_staged + rows_rejected + rows_duplicate.
    Incremental by file (macros/audit/reconciled_files.sql): a run counts again only the files
    whose base records it wrote. -#}
{{ config(**incremental_by_reconciled_file()) }}

with

records_read as (
    {%- for entry in landing_zone_models() %}
        {%- set files = files_to_reconcile(entry.base) %}
        select
            vendor,
            source_name,
            source_file,
            count(*) as rows_read,
            count(case when rejection_reason is not null then 1 end) as rows_rejected,
            count(case when is_duplicate then 1 end) as rows_duplicate
        from {{ ref(entry.base) }}
        {%- if files is not none %}
        where source_file in {{ files }}
        {%- endif %}
        group by 1, 2, 3
        {% if not loop.last %}union all{% endif %}
    {%- endfor %}
),

records_staged as (
    {%- for entry in landing_zone_models() %}
        {%- set outer_loop = loop %}
        {%- set files = files_to_reconcile(entry.base) %}
        {%- for staged in entry.staged %}
            select
                '{{ entry.base.split('__')[1] }}' as source_name,
                source_file,
                count(distinct source_row) as rows_staged
            from {{ ref(staged) }}
            {%- if files is not none %}
            where source_file in {{ files }}
            {%- endif %}
            group by 2
            {% if not (outer_loop.last and loop.last) %}union all{% endif %}
        {%- endfor %}
    {%- endfor %}
),

staged_per_file as (
    select
        source_name,
        source_file,
        cast(sum(rows_staged) as {{ dbt.type_bigint() }}) as rows_staged
    from records_staged
    group by 1, 2
),

final as (
    select
        records_read.vendor,
        records_read.source_name,
        records_read.source_file,
        records_read.rows_read,
        coalesce(staged_per_file.rows_staged, 0) as rows_staged,
        records_read.rows_rejected,
        records_read.rows_duplicate
    from records_read
    left join staged_per_file
        on records_read.source_name = staged_per_file.source_name
            and records_read.source_file = staged_per_file.source_file
)

select * from final

{#- One row per landing-zone record that could not be staged, with the reason (and its text,
    unless pii_mode is hash). -#}
with

rejected_rows as (
    {%- for entry in landing_zone_models() %}
        select
            vendor,
            source_name,
            source_file,
            source_row,
            rejection_reason as reason,
            {{ pii_free_text('raw_record') }} as raw_record
        from {{ ref(entry.base) }}
        where rejection_reason is not null
        {% if not loop.last %}union all{% endif %}
    {%- endfor %}
)

select * from rejected_rows

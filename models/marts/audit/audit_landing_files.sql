{#- The landing-zone archive's ledger: one row per file ever read, with what was read and
    when, and whether the file is still in the landing zone (a removed file keeps its rows
    and the marts keep its history). Reads the ledger source, as the audit marts may. -#}
with

loaded_files as (
    select * from {{ source('landing_zone', 'loaded_files') }}
),

final as (
    select
        {{ dbt.split_part('source', "'.'", 1) }} as vendor,
        {{ dbt.split_part('source', "'.'", 2) }} as source_name,
        source_file,
        cast(size as {{ dbt.type_bigint() }}) as size_bytes,
        cast(modified_at as {{ dbt.type_timestamp() }}) as modified_at,
        sha256 as content_sha256,
        cast(row_count as {{ dbt.type_bigint() }}) as rows_read,
        cast(first_loaded_at as {{ dbt.type_timestamp() }}) as first_ingested_at,
        cast(loaded_at as {{ dbt.type_timestamp() }}) as last_ingested_at,
        is_present as is_in_landing_zone
    from loaded_files
)

select * from final

{#- One row per (vendor account, person key) the identity files state: the account (vendor and
    user ID compared lower-cased and trimmed) belongs to the person. An account with two
    person keys keeps both rows; the conflict test names them. -#}

with

source as (
    select * from {{ ref('base_identity__people') }}
    where rejection_reason is null and not is_duplicate
),

renamed as (
    select
        account_vendor as vendor,
        account_user as vendor_user_id,
        user_key,
        person_key,
        lower(person_key) as person_id,
        person_name,
        source_file,
        source_row
    from source
)

select * from renamed

{#- The identity files (identity/*.csv): who is who across vendors, kept by the user. Not a
    vendor's export, so vendor is `identity` here (the audit marts' vendor of the file); the
    account's vendor is account_vendor. A row is rejected when vendor, user or person_key is
    empty or the vendor is not one of the vendors seed. Natural key: the mapping itself
    (account_vendor, user_key, person_key), so a row repeated in a newer file is a duplicate,
    while one account given two person keys stays twice and fails the conflict test. -#}

with

source as (
    select * from {{ source('identity', 'people') }}
),

renamed as (
    select
        'identity' as vendor,
        'people' as source_name,
        source_file,
        source_row,
        {{ csv_record_text(['account_vendor', 'account_user', 'person_key', 'person_name']) }} as raw_record,

        nullif(lower(trim(account_vendor)), '') as account_vendor,
        nullif(trim(account_user), '') as account_user,
        nullif(lower(trim(account_user)), '') as user_key,
        nullif(trim(person_key), '') as person_key,
        nullif(trim(person_name), '') as person_name
    from source
),

vendors_checked as (
    select
        *,
        (
            select {{ correlated_scalar('vendors.vendor') }}
            from {{ ref('vendors') }} as vendors
            where vendors.vendor = renamed.account_vendor
        ) as known_vendor
    from renamed
),

validated as (
    select
        *,
        {{ first_rejection_reason([
            ('account_vendor is null', 'missing_vendor'),
            ('account_user is null', 'missing_user'),
            ('person_key is null', 'missing_person_key'),
            ('known_vendor is null', 'unknown_vendor'),
        ]) }} as rejection_reason
    from vendors_checked
),

final as (
    select
        *,
        {{ is_superseded(['account_vendor', 'user_key', 'lower(person_key)']) }} as is_duplicate
    from validated
)

select * from final

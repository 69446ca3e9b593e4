{#- One row per (vendor, vendor user) seen anywhere in the exports. person_id ties the same
    human across vendors: the identity files (identity/*.csv) first, by account, then by the
    account's email; else the lower-cased email; else a vendor-scoped ID
    (int_annotators_identified). User IDs compare case-insensitively (the annotator_id
    macro). Names, emails and person IDs go through pii() (pii_mode). -#}
with

annotators as (
    select * from {{ ref('int_annotators_identified') }}
),

final as (
    select
        annotator_id,
        vendor,
        {{ pii('vendor_user_id') }} as vendor_user_id,
        {{ pii('display_name') }} as display_name,
        {{ pii('email') }} as email,
        {{ pii('person_id') }} as person_id,
        person_id_source,
        first_activity_at,
        last_activity_at
    from annotators
)

select * from final

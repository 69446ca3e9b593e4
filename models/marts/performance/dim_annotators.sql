{#- One row per (vendor, vendor user) seen anywhere in the exports. person_id ties the same
    human across vendors: the identity_map seed first, then the lower-cased email, else a
    vendor-scoped ID. User IDs compare case-insensitively (the annotator_id macro). Names,
    emails and person IDs go through pii() (pii_mode). -#}
with

activities as (
    select * from {{ ref('int_annotator_activities_unioned') }}
),

identity_map as (
    select * from {{ ref('identity_map') }}
),

users as (
    select
        annotator_id,
        vendor,
        lower(user_id) as user_key,
        min(user_id) as vendor_user_id,
        min(activity_at) as first_activity_at,
        max(activity_at) as last_activity_at
    from activities
    group by 1, 2, 3
),

identity_map_keyed as (
    select
        vendor,
        lower(trim(vendor_user_id)) as user_key,
        min(person_id) as person_id
    from identity_map
    group by 1, 2
),

users_with_email as (
    select
        *,
        case when user_key like '%_@_%' then user_key end as email
    from users
),

final as (
    select
        users_with_email.annotator_id,
        users_with_email.vendor,
        {{ pii('users_with_email.vendor_user_id') }} as vendor_user_id,
        {{ pii('case when users_with_email.email is null then users_with_email.vendor_user_id end') }}
            as display_name,
        {{ pii('users_with_email.email') }} as email,
        {{ pii("coalesce(
            identity_map_keyed.person_id,
            users_with_email.email,
            " ~ dbt.concat(['users_with_email.vendor', "':'", 'users_with_email.user_key']) ~ "
        )") }} as person_id,
        case
            when identity_map_keyed.person_id is not null then 'identity_map'
            when users_with_email.email is not null then 'email'
            else 'vendor'
        end as person_id_source,
        users_with_email.first_activity_at,
        users_with_email.last_activity_at
    from users_with_email
    left join identity_map_keyed
        on users_with_email.vendor = identity_map_keyed.vendor
            and users_with_email.user_key = identity_map_keyed.user_key
)

select * from final

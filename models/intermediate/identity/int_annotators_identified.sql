{#- One row per (vendor, vendor user) seen anywhere in the exports, with the person it
    belongs to (clear values; dim_annotators applies pii()). person_id, first match wins:
    1. identity_file: the identity files list this account (vendor and user compared
       lower-cased and trimmed) -> its person key;
    2. identity_file_email: the account's email is the user of an identity row of any vendor
       -> that row's person key (a file that ties a CrowdAI display name to an email also ties
       the other vendors' accounts with that email);
    3. email: the lower-cased email;
    4. vendor: `<vendor>:<lower-cased user>`.
    Person keys compare case-insensitively (lower-cased, as pii() hashes them). Where the
    files give one account or one email several person keys (a conflict the
    identity_account_has_one_person test reports), the newest row wins: the file whose path
    sorts last, then the later row. -#}
with

activities as (
    select * from {{ ref('int_annotator_activities_unioned') }}
),

identity_people as {{ inlined_cte() }} (
    select * from {{ ref('stg_identity__people') }}
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

users_with_email as (
    select
        *,
        case when user_key like '%_@_%' then user_key end as email
    from users
),

identity_ranked as (
    select
        vendor,
        user_key,
        person_id,
        row_number() over (
            partition by vendor, user_key order by source_file desc, source_row desc
        ) as account_rank,
        row_number() over (
            partition by user_key order by source_file desc, source_row desc
        ) as user_rank
    from identity_people
),

identity_by_account as (
    select
        vendor,
        user_key,
        person_id
    from identity_ranked
    where account_rank = 1
),

identity_by_user as (
    select
        user_key,
        person_id
    from identity_ranked
    where user_rank = 1
),

-- the name the identity files give each person: the newest row that names them
person_names_ranked as (
    select
        person_id,
        person_name,
        row_number() over (
            partition by person_id order by source_file desc, source_row desc
        ) as name_rank
    from identity_people
    where person_name is not null
),

person_names as (
    select
        person_id,
        person_name
    from person_names_ranked
    where name_rank = 1
),

resolved as (
    select
        users_with_email.annotator_id,
        users_with_email.vendor,
        users_with_email.user_key,
        users_with_email.vendor_user_id,
        case when users_with_email.email is null then users_with_email.vendor_user_id end as display_name,
        users_with_email.email,
        coalesce(
            identity_by_account.person_id,
            identity_by_user.person_id,
            users_with_email.email,
            {{ dbt.concat(['users_with_email.vendor', "':'", 'users_with_email.user_key']) }}
        ) as person_id,
        case
            when identity_by_account.person_id is not null then 'identity_file'
            when identity_by_user.person_id is not null then 'identity_file_email'
            when users_with_email.email is not null then 'email'
            else 'vendor'
        end as person_id_source,
        users_with_email.first_activity_at,
        users_with_email.last_activity_at
    from users_with_email
    left join identity_by_account
        on users_with_email.vendor = identity_by_account.vendor
            and users_with_email.user_key = identity_by_account.user_key
    left join identity_by_user
        on users_with_email.email = identity_by_user.user_key
),

final as (
    select
        resolved.annotator_id,
        resolved.vendor,
        resolved.user_key,
        resolved.vendor_user_id,
        resolved.display_name,
        resolved.email,
        resolved.person_id,
        resolved.person_id_source,
        person_names.person_name as identity_person_name,
        resolved.first_activity_at,
        resolved.last_activity_at
    from resolved
    left join person_names
        on resolved.person_id = person_names.person_id
)

select * from final

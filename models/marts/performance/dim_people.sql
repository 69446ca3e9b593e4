{#- One row per person across vendors (person_id as in dim_annotators: identity files, then
    email, else vendor-scoped). Activity spans all history; the work figures are the
    retention window's, summed over the person's computed rows of fct_annotator_performance.
    Roboflow's vendor_reported rows stay out: their export periods are not the window and
    overlapping exports would count an image twice (fct_annotator_performance keeps them). -#}
with

annotators as {{ inlined_cte() }} (
    select * from {{ ref('int_annotators_identified') }}
),

performance as (
    select * from {{ ref('fct_annotator_performance') }}
),

people as (
    select
        person_id,
        coalesce(
            max(identity_person_name), min(display_name), min(email)
        ) as person_name,
        {{ sorted_set_agg('vendor', ',') }} as vendors,
        count(distinct vendor) as vendor_count,
        count(*) as annotator_accounts,
        min(first_activity_at) as first_activity_at,
        max(last_activity_at) as last_activity_at
    from annotators
    group by 1
),

person_work as (
    select
        annotators.person_id,
        sum(performance.images_labeled) as items_labeled,
        sum(performance.items_reviewed) as items_reviewed,
        sum(performance.first_pass_approved_items) as first_pass_approved_items,
        sum(performance.labeling_seconds) as labeling_seconds
    from performance
    inner join annotators
        on performance.annotator_id = annotators.annotator_id
    where performance.source = 'computed'
    group by 1
),

combined as (
    select
        people.person_id,
        people.person_name,
        people.vendors,
        cast(people.vendor_count as {{ dbt.type_bigint() }}) as vendor_count,
        cast(people.annotator_accounts as {{ dbt.type_bigint() }}) as annotator_accounts,
        people.first_activity_at,
        people.last_activity_at,
        cast(coalesce(person_work.items_labeled, 0) as {{ dbt.type_bigint() }}) as items_labeled,
        cast(coalesce(person_work.items_reviewed, 0) as {{ dbt.type_bigint() }}) as items_reviewed,
        cast(coalesce(person_work.first_pass_approved_items, 0) as {{ dbt.type_bigint() }})
            as first_pass_approved_items,
        cast(person_work.labeling_seconds as {{ type_double() }}) as labeling_seconds
    from people
    left join person_work
        on people.person_id = person_work.person_id
),

final as (
    select
        {{ pii('person_id') }} as person_id,
        {{ pii('person_name') }} as person_name,
        vendors,
        vendor_count,
        annotator_accounts,
        first_activity_at,
        last_activity_at,
        items_labeled,
        items_reviewed,
        first_pass_approved_items,
        cast(first_pass_approved_items as {{ type_double() }})
        / nullif(items_reviewed, 0) as first_pass_approval_rate,
        {{ wilson_interval_bound('first_pass_approved_items', 'items_reviewed', 'lower') }}
            as first_pass_approval_rate_lower_95,
        {{ wilson_interval_bound('first_pass_approved_items', 'items_reviewed', 'upper') }}
            as first_pass_approval_rate_upper_95,
        labeling_seconds
    from combined
)

select * from final

-- dim_people loses no account and no work: per person_id, annotator_accounts equals the
-- person's rows in dim_annotators, and items_labeled / items_reviewed /
-- first_pass_approved_items equal the sums over their accounts' computed rows of
-- fct_annotator_performance. Fails with every person whose figures differ (or who is missing
-- on one side).
with

people as (
    select * from {{ ref('dim_people') }}
),

annotators as (
    select * from {{ ref('dim_annotators') }}
),

performance as (
    select * from {{ ref('fct_annotator_performance') }}
),

account_work as (
    select
        annotator_id,
        sum(images_labeled) as items_labeled,
        sum(items_reviewed) as items_reviewed,
        sum(first_pass_approved_items) as first_pass_approved_items
    from performance
    where source = 'computed'
    group by 1
),

expected as (
    select
        annotators.person_id,
        count(*) as annotator_accounts,
        coalesce(sum(account_work.items_labeled), 0) as items_labeled,
        coalesce(sum(account_work.items_reviewed), 0) as items_reviewed,
        coalesce(sum(account_work.first_pass_approved_items), 0) as first_pass_approved_items
    from annotators
    left join account_work
        on annotators.annotator_id = account_work.annotator_id
    group by 1
),

compared as (
    select
        coalesce(expected.person_id, people.person_id) as person_id,
        expected.annotator_accounts as expected_accounts,
        people.annotator_accounts,
        expected.items_labeled as expected_items_labeled,
        people.items_labeled,
        expected.items_reviewed as expected_items_reviewed,
        people.items_reviewed,
        expected.first_pass_approved_items as expected_first_pass_approved_items,
        people.first_pass_approved_items
    from expected
    full outer join people
        on expected.person_id = people.person_id
)

select *
from compared
where expected_accounts is null
    or annotator_accounts is null
    or expected_accounts <> annotator_accounts
    or expected_items_labeled <> items_labeled
    or expected_items_reviewed <> items_reviewed
    or expected_first_pass_approved_items <> first_pass_approved_items

{#- Cohen's kappa between every two annotators of one vendor, project and classification
    question, over the items both answered (int_classification_answers_unioned, all history).
    Answers compare as whole strings: a checklist or multi-label answer is its sorted set of
    options, so the same options in another order agree and a subset does not. Answers that
    could not be read (NULL) are left out. Annotator a is the one with the smaller
    annotator_id. -#}

with

answers as (
    select * from {{ ref('int_classification_answers_unioned') }}
),

answers_usable as (
    select
        vendor,
        project_id,
        question,
        item_id,
        annotator_id,
        answer,
        answered_at
    from answers
    where
        answer is not null
        and question is not null
        and project_id is not null
        and annotator_id is not null
),

item_pairs as (
    select
        answers_a.vendor,
        answers_a.project_id,
        answers_a.question,
        answers_a.annotator_id as annotator_id_a,
        answers_b.annotator_id as annotator_id_b,
        answers_a.item_id,
        answers_a.answer as answer_a,
        answers_b.answer as answer_b,
        answers_a.answered_at as answered_at_a,
        answers_b.answered_at as answered_at_b
    from answers_usable as answers_a
    inner join answers_usable as answers_b
        on answers_a.vendor = answers_b.vendor
            and answers_a.project_id = answers_b.project_id
            and answers_a.question = answers_b.question
            and answers_a.item_id = answers_b.item_id
            and answers_a.annotator_id < answers_b.annotator_id
),

pair_counts as (
    select
        vendor,
        project_id,
        question,
        annotator_id_a,
        annotator_id_b,
        count(*) as items_in_common,
        sum(case when answer_a = answer_b then 1 else 0 end) as answers_agreed,
        max(answered_at_a) as last_answered_at_a,
        max(answered_at_b) as last_answered_at_b
    from item_pairs
    group by 1, 2, 3, 4, 5
),

answer_counts_a as (
    select
        vendor,
        project_id,
        question,
        annotator_id_a,
        annotator_id_b,
        answer_a as answer,
        count(*) as answer_count
    from item_pairs
    group by 1, 2, 3, 4, 5, 6
),

answer_counts_b as (
    select
        vendor,
        project_id,
        question,
        annotator_id_a,
        annotator_id_b,
        answer_b as answer,
        count(*) as answer_count
    from item_pairs
    group by 1, 2, 3, 4, 5, 6
),

-- sum over answers c of n_a(c) * n_b(c); answers only one of the two gave add nothing
expected_products as (
    select
        answer_counts_a.vendor,
        answer_counts_a.project_id,
        answer_counts_a.question,
        answer_counts_a.annotator_id_a,
        answer_counts_a.annotator_id_b,
        sum(answer_counts_a.answer_count * answer_counts_b.answer_count) as answer_count_products
    from answer_counts_a
    inner join answer_counts_b
        on answer_counts_a.vendor = answer_counts_b.vendor
            and answer_counts_a.project_id = answer_counts_b.project_id
            and answer_counts_a.question = answer_counts_b.question
            and answer_counts_a.annotator_id_a = answer_counts_b.annotator_id_a
            and answer_counts_a.annotator_id_b = answer_counts_b.annotator_id_b
            and answer_counts_a.answer = answer_counts_b.answer
    group by 1, 2, 3, 4, 5
),

final as (
    select
        pair_counts.vendor,
        pair_counts.project_id,
        pair_counts.question,
        pair_counts.annotator_id_a,
        pair_counts.annotator_id_b,
        cast(pair_counts.items_in_common as {{ dbt.type_bigint() }}) as items_in_common,
        cast(pair_counts.answers_agreed as {{ dbt.type_bigint() }}) as answers_agreed,
        cast(pair_counts.answers_agreed as {{ type_double() }})
        / cast(pair_counts.items_in_common as {{ type_double() }}) as observed_agreement,
        {{ expected_agreement(
            'pair_counts.items_in_common',
            'coalesce(expected_products.answer_count_products, 0)',
        ) }} as expected_agreement,
        {{ cohens_kappa(
            'pair_counts.answers_agreed',
            'pair_counts.items_in_common',
            'coalesce(expected_products.answer_count_products, 0)',
        ) }} as cohens_kappa,
        case
            when pair_counts.last_answered_at_b is null
                or pair_counts.last_answered_at_a >= pair_counts.last_answered_at_b
                then pair_counts.last_answered_at_a
            else pair_counts.last_answered_at_b
        end as last_compared_at
    from pair_counts
    left join expected_products
        on pair_counts.vendor = expected_products.vendor
            and pair_counts.project_id = expected_products.project_id
            and pair_counts.question = expected_products.question
            and pair_counts.annotator_id_a = expected_products.annotator_id_a
            and pair_counts.annotator_id_b = expected_products.annotator_id_b
)

select * from final

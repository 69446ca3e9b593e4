{#- fct_annotator_agreement per annotator: each pair row counts for both of its annotators.
    Means are plain means over the annotator's rows (each question with each peer weighs the
    same, whatever its items), kappa over the rows where it is defined. -#}

with

agreement as {{ inlined_cte() }} (
    select * from {{ ref('fct_annotator_agreement') }}
),

annotator_rows as (
    select
        vendor,
        annotator_id_a as annotator_id,
        annotator_id_b as peer_id,
        items_in_common,
        observed_agreement,
        cohens_kappa
    from agreement

    union all

    select
        vendor,
        annotator_id_b as annotator_id,
        annotator_id_a as peer_id,
        items_in_common,
        observed_agreement,
        cohens_kappa
    from agreement
),

final as (
    select
        vendor,
        annotator_id,
        cast(count(*) as {{ dbt.type_bigint() }}) as peer_pairs,
        cast(count(distinct peer_id) as {{ dbt.type_bigint() }}) as peers,
        cast(sum(items_in_common) as {{ dbt.type_bigint() }}) as items_compared,
        avg(cohens_kappa) as mean_cohens_kappa,
        avg(observed_agreement) as mean_observed_agreement
    from annotator_rows
    group by 1, 2
)

select * from final

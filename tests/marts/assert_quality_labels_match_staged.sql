-- Vertical integrity of fct_labels: per vendor, the labels equal the staged labels or
-- submissions (Labelbox labels; CrowdAI annotate rows handed in; SuperAnnotate transitions into
-- Quality Check, into Completed from a labeling status or into Skipped; Dataloop distinct
-- (item, creator) of annotations), and Labelbox's seconds and scores add up to the staged ones.
-- Fails with every vendor whose figures differ.
with

labels as (
    select * from {{ ref('fct_labels') }}
),

labelbox_labels as (
    select * from {{ ref('stg_labelbox__labels') }}
),

crowdai_workflow_phases as (
    select * from {{ ref('stg_crowdai__workflow_phases') }}
),

superannotate_status_changes as (
    select * from {{ ref('stg_superannotate__status_changes') }}
),

dataloop_annotations as (
    select * from {{ ref('stg_dataloop__annotations') }}
),

staged as (
    select
        'labelbox' as vendor,
        count(*) as label_count,
        sum(seconds_to_create) as seconds_to_create,
        sum(benchmark_score) as benchmark_score,
        sum(consensus_score) as consensus_score
    from labelbox_labels

    union all

    select
        'crowdai' as vendor,
        count(*) as label_count,
        sum(work_seconds) as seconds_to_create,
        null as benchmark_score,
        null as consensus_score
    from crowdai_workflow_phases
    where phase = 'annotate' and status in ('done', 'in_rework', 'skipped')

    union all

    select
        'superannotate' as vendor,
        count(*) as label_count,
        null as seconds_to_create,
        null as benchmark_score,
        null as consensus_score
    from superannotate_status_changes
    where
        from_status <> to_status
        and (
            to_status in ('in_review', 'skipped')
            or (to_status = 'done' and from_status in ('not_started', 'in_progress', 'in_rework'))
        )

    union all

    select
        'dataloop' as vendor,
        count(distinct {{ dbt.concat(['item_id', "'|'", 'lower(creator)']) }}) as label_count,
        null as seconds_to_create,
        null as benchmark_score,
        null as consensus_score
    from dataloop_annotations
    where creator is not null and creator <> ''
),

marts as (
    select
        vendor,
        count(*) as label_count,
        sum(case when vendor in ('labelbox', 'crowdai') then seconds_to_create end) as seconds_to_create,
        sum(benchmark_score) as benchmark_score,
        sum(consensus_score) as consensus_score
    from labels
    group by 1
),

compared as (
    select
        staged.vendor,
        staged.label_count as staged_labels,
        coalesce(marts.label_count, 0) as mart_labels,
        staged.seconds_to_create as staged_seconds,
        marts.seconds_to_create as mart_seconds,
        staged.benchmark_score as staged_benchmark,
        marts.benchmark_score as mart_benchmark,
        staged.consensus_score as staged_consensus,
        marts.consensus_score as mart_consensus
    from staged
    left join marts
        on staged.vendor = marts.vendor
)

select * from compared
where
    staged_labels <> mart_labels
    or abs(coalesce(staged_seconds, 0) - coalesce(mart_seconds, 0)) > 0.001
    or abs(coalesce(staged_benchmark, 0) - coalesce(mart_benchmark, 0)) > 0.001
    or abs(coalesce(staged_consensus, 0) - coalesce(mart_consensus, 0)) > 0.001

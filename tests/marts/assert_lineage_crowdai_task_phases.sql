-- A CrowdAI task (project + media) has at most three workflow steps, one per phase.
-- Fails with every task that has more than three steps or two steps in one phase.
with

steps as (
    select * from {{ ref('fct_workflow_steps') }}
    where vendor = 'crowdai'
),

task_steps as (
    select
        project_id,
        task_id,
        count(*) as step_count,
        count(distinct phase) as phase_count,
        count(phase) as steps_with_phase
    from steps
    group by 1, 2
)

select * from task_steps
where step_count > 3 or phase_count <> steps_with_phase

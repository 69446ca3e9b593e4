-- Every workflow step's and status transition's media, and every media's parent, is a
-- dim_media row of the same vendor. Fails with each dangling reference.
with

media as (
    select * from {{ ref('dim_media') }}
),

steps as (
    select * from {{ ref('fct_workflow_steps') }}
),

transitions as (
    select * from {{ ref('fct_status_transitions') }}
),

references_made as (
    select distinct
        'fct_workflow_steps' as referenced_by,
        vendor,
        media_id
    from steps
    union all
    select distinct
        'fct_status_transitions' as referenced_by,
        vendor,
        item_id as media_id
    from transitions
    union all
    select distinct
        'dim_media.parent_media_id' as referenced_by,
        vendor,
        parent_media_id as media_id
    from media
    where parent_media_id is not null
)

select references_made.*
from references_made
left join media
    on references_made.vendor = media.vendor
        and references_made.media_id = media.media_id
where media.media_id is null

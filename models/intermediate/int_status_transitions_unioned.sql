{#- Every vendor's status changes as canonical transitions, one row per change: the union of
    int_superannotate__transitions, int_labelbox__transitions and int_dataloop__transitions
    (each vendor's rule in its model's header). from_status is never NULL (not_started
    before an item's first recorded entry), so every transition leaves one status and enters
    another. transition_sequence numbers an item's transitions by time (file order and
    array order break ties only; transitions without a time come last). previous_to_status
    is the status the item's previous transition by that sequence entered (NULL for its
    first): the one lag int_status_stays_derived and fct_item_current_status read.
    Incremental by item (macros/config/incremental_by_key.sql): a run sequences again only
    the items whose transitions changed. -#}
{%- set vendor_models = ['int_superannotate__transitions', 'int_labelbox__transitions', 'int_dataloop__transitions'] %}
{%- set item_key = ['vendor', 'project_id', 'item_id'] %}
{{ config(**incremental_by_key(vendor_models, item_key)) }}

with

unioned as (
    {{ union_vendor_models(vendor_models) }}
),

{{ changed_key_rows('unioned', vendor_models, item_key) }},

sequenced as (
    select
        *,
        {#- bigint on every engine (Spark's row_number is an int). -#}
        cast(row_number() over (
            partition by vendor, project_id, item_id
            order by
                case when changed_at is null then 1 else 0 end,
                changed_at,
                source_file,
                source_row,
                entry_order
        ) as {{ dbt.type_bigint() }}) as transition_sequence
    from changed_key_rows
),

final as (
    select
        {{ surrogate_key(['vendor', 'source_file', 'source_row', 'entry_index']) }} as transition_id,
        vendor,
        project_id,
        folder_id,
        item_id,
        transition_sequence,
        from_status,
        to_status,
        lag(to_status) over (
            partition by vendor, project_id, item_id
            order by transition_sequence
        ) as previous_to_status,
        from_status_raw,
        to_status_raw,
        changed_at,
        changed_by_user_id,
        {{ annotator_id('vendor', 'changed_by_user_id') }} as changed_by,
        actor_role,
        source_file,
        source_row,
        entry_index,
        entry_order,
        incremental_key,
        key_input_hash as input_hash
    from sequenced
)

select * from final

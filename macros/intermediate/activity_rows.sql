{#- One kind of trace of a user, as the rows of int_<vendor>__activities: vendor, project_id,
    item_id, user_id, activity_type, activity_at, activity_granularity and activity_key (the
    surrogate key of key_kind and key_columns, unique within the vendor's activities). The
    other arguments are SQL expressions over `relation`; none gives a typed NULL (no item, or
    no time of its own). -#}
{% macro activity_rows(
    relation,
    activity_type,
    activity_at,
    key_kind,
    key_columns,
    user_id='user_id',
    item_id='item_id',
    activity_granularity="'instant'",
    where=none
) -%}
    select
        vendor,
        project_id,
        {{ item_id if item_id is not none else 'cast(null as ' ~ dbt.type_string() ~ ')' }} as item_id,
        {{ user_id }} as user_id,
        {{ activity_type }} as activity_type,
        {{ activity_at if activity_at is not none else 'cast(null as ' ~ dbt.type_timestamp() ~ ')' }}
            as activity_at,
        {{ activity_granularity }} as activity_granularity,
        {{ surrogate_key(["'" ~ key_kind ~ "'"] + key_columns) }} as activity_key
    from {{ relation }}
    {%- if where is not none %}
    where {{ where }}
    {%- endif %}
{%- endmacro %}

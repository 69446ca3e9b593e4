{% macro surrogate_key(expressions) -%}
    {#- A stable text key from several columns (NULL-safe), the same on every engine. -#}
    {%- set parts = [] -%}
    {%- for expression in expressions -%}
        {%- do parts.append("coalesce(cast(" ~ expression ~ " as " ~ dbt.type_string() ~ "), '~null~')") -%}
        {%- if not loop.last -%}{%- do parts.append("'|'") -%}{%- endif -%}
    {%- endfor -%}
    {{ dbt.hash(dbt.concat(parts)) }}
{%- endmacro %}

{% macro annotator_id(vendor_expression, user_expression) -%}
    {#- The stable surrogate of one vendor user (dim_annotators.annotator_id): computed the
        same way wherever a fact names a user, so facts need no join to find it. User IDs
        compare case-insensitively (emails); with pii_mode hash the user part is the keyed hash,
        so the ID cannot be traced back to an email without the key. -#}
    case
        when {{ user_expression }} is not null and trim({{ user_expression }}) <> ''
            then {{ surrogate_key([vendor_expression, pii("lower(trim(" ~ user_expression ~ "))")]) }}
    end
{%- endmacro %}

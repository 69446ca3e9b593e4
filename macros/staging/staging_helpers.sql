{#- Building blocks shared by the base models of every vendor (models/staging/*/base/):
    each base model keeps every raw record, with rejection_reason (NULL = valid) and
    is_duplicate (a valid record superseded by a newer export), so audit_rejected_rows and
    audit_row_reconciliation can account for every record read. -#}

{% macro first_rejection_reason(checks) -%}
    {#- checks: list of (condition, reason) pairs; the first condition that holds names the
        reason. Example: [("media_id is null", "missing_media_id")]. -#}
    case
    {%- for condition, reason in checks %}
        when {{ condition }} then '{{ reason }}'
    {%- endfor %}
    end
{%- endmacro %}

{% macro unparseable(raw_expression, parsed_expression) -%}
    {#- True when a value was given but did not parse. -#}
    ({{ raw_expression }} is not null and trim({{ raw_expression }}) <> '' and {{ parsed_expression }} is null)
{%- endmacro %}

{% macro blank(expression) -%}
    ({{ expression }} is null or trim({{ expression }}) = '')
{%- endmacro %}

{% macro is_superseded(key_columns, within_file=true) -%}
    {#- For a valid record: true when a newer copy of the same natural key exists. Newer =
        the file whose path sorts last (exports named by date sort in time order); within
        one file the later row wins (within_file=true) or all copies of the newest file stay
        (within_file=false, for logs whose identical rows are real repeated events). Invalid
        rows never supersede anything. -#}
    {%- set keys = key_columns | join(', ') -%}
    case
        when rejection_reason is not null then false
    {%- if within_file %}
        else row_number() over (
            partition by (rejection_reason is null), {{ keys }}
            order by source_file desc, source_row desc
        ) > 1
    {%- else %}
        else dense_rank() over (
            partition by (rejection_reason is null), {{ keys }}
            order by source_file desc
        ) > 1
    {%- endif %}
    end
{%- endmacro %}

{% macro csv_record_text(columns) -%}
    {#- The CSV fields of a raw row joined back with commas, for audit_rejected_rows. -#}
    {{ dbt.concat(csv_record_parts(columns)) }}
{%- endmacro %}

{% macro csv_record_parts(columns) -%}
    {%- set parts = [] -%}
    {%- for column in columns -%}
        {%- do parts.append("coalesce(" ~ column ~ ", '')") -%}
        {%- if not loop.last -%}{%- do parts.append("','") -%}{%- endif -%}
    {%- endfor -%}
    {{- return(parts) -}}
{%- endmacro %}

{% macro vocabulary_lookup(seed, vendor, key_expression, key_column, value_column, default='null') -%}
    {#- The canonical value of a vendor value through a vocabulary seed, or the default
        (e.g. 'custom') when the seed does not know it. A scalar lookup instead of a join, so
        staging stays one row in, one row out. -#}
    coalesce(
        (
            select {{ correlated_scalar('vocabulary.' ~ value_column) }}
            from {{ ref(seed) }} as vocabulary
            where vocabulary.vendor = '{{ vendor }}'
                and vocabulary.{{ key_column }} = {{ normalize_enum(key_expression) }}
        ),
        {{ default }}
    )
{%- endmacro %}

{% macro correlated_scalar(expression) -%}
    {#- The value of a correlated scalar subquery that matches at most one row. Spark only
        accepts an aggregate there (max of the one value); other engines take it as is. -#}
    {{- return(adapter.dispatch('correlated_scalar', 'annotation_ops')(expression)) -}}
{%- endmacro %}

{% macro default__correlated_scalar(expression) -%}
    {{ expression }}
{%- endmacro %}

{% macro spark__correlated_scalar(expression) -%}
    max({{ expression }})
{%- endmacro %}

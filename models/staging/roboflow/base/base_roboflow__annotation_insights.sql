{#- Roboflow Annotation Insights "Labeler Statistics": one row per labeler and project over
    the export's date range. A count column the export lacks stays NULL (no figure), never 0.
    Approval Rate becomes a fraction: a value written with `%` or above 1 is a percent
    (`87.5%`, `87.5` -> 0.875); a value from 0 to 1 without `%` is already a fraction
    (`0.875` -> 0.875, and `1` -> 1.0, i.e. 100 %). The period comes from the Start Date /
    End Date columns, else from a file name ending `_<YYYY-MM-DD>_<YYYY-MM-DD>.csv`. -#}

{%- set counts = [
    'images_labeled', 'net_annotations', 'annotations_added', 'annotations_removed',
    'annotations_updated', 'model_assisted', 'marked_null', 'approved', 'rejected',
] -%}
{%- set checks = [
    (blank('labeler'), 'missing_labeler'),
    (blank('project'), 'missing_project'),
] -%}
{%- for count in counts -%}
    {%- do checks.append((unparseable(count ~ '_raw', count), 'unparseable_' ~ count)) -%}
{%- endfor -%}
{%- do checks.append((unparseable('approval_rate_raw', 'approval_rate_number'), 'unparseable_approval_rate')) -%}
{%- do checks.append(('(approval_rate < 0 or approval_rate > 1)', 'out_of_range_approval_rate')) -%}
{%- do checks.append((unparseable('start_date_raw', 'start_date_column'), 'unparseable_start_date')) -%}
{%- do checks.append((unparseable('end_date_raw', 'end_date_column'), 'unparseable_end_date')) -%}
{%- set file_name_period = '[_/]([0-9]{4}-[0-9]{2}-[0-9]{2})_([0-9]{4}-[0-9]{2}-[0-9]{2})[.][cC][sS][vV]$' -%}

with

source as (
    select * from {{ source('roboflow', 'annotation_insights') }}
),

renamed as (
    select
        'roboflow' as vendor,
        'annotation_insights' as source_name,
        source_file,
        source_row,
        {{ csv_record_text(['labeler', 'project'] + counts + ['approval_rate', 'start_date', 'end_date']) }}
            as raw_record,

        trim(labeler) as labeler,
        trim(project) as project,
        {% for count in counts -%}
            {{ count }} as {{ count }}_raw,
            {{ try_cast_integer(count) }} as {{ count }},
        {% endfor %}

        approval_rate as approval_rate_raw,
        {{ try_cast_number("replace(approval_rate, '%', '')") }} as approval_rate_number,
        replace(approval_rate, '%', '') <> approval_rate as is_approval_rate_percent_sign,

        start_date as start_date_raw,
        end_date as end_date_raw,
        coalesce(
            {{ try_cast_date('start_date') }}, cast({{ try_cast_timestamp('start_date') }} as date)
        ) as start_date_column,
        coalesce(
            {{ try_cast_date('end_date') }}, cast({{ try_cast_timestamp('end_date') }} as date)
        ) as end_date_column,
        {{ try_cast_date(regex_capture('source_file', file_name_period, 1)) }} as start_date_file_name,
        {{ try_cast_date(regex_capture('source_file', file_name_period, 2)) }} as end_date_file_name
    from source
),

periods_sourced as (
    select
        *,
        case
            when start_date_column is not null and end_date_column is not null then 'columns'
            when start_date_file_name is not null and end_date_file_name is not null then 'file_name'
            when start_date_column is not null or end_date_column is not null then 'partial_columns'
            else 'unknown'
        end as period_source
    from renamed
),

parsed as (
    select
        *,
        case
            when is_approval_rate_percent_sign or approval_rate_number > 1
                then approval_rate_number / 100.0
            else approval_rate_number
        end as approval_rate,
        case
            when period_source = 'file_name' then start_date_file_name else start_date_column
        end as period_start_date,
        case
            when period_source = 'file_name' then end_date_file_name else end_date_column
        end as period_end_date
    from periods_sourced
),

validated as (
    select
        *,
        {{ first_rejection_reason(checks) }} as rejection_reason
    from parsed
),

final as (
    select
        *,
        {{ is_superseded(['labeler', 'project', 'period_start_date', 'period_end_date']) }} as is_duplicate
    from validated
)

select * from final

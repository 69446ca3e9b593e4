{#- Casts that return NULL instead of failing, so staging can route a value that does not
    parse to audit_rejected_rows with a reason. -#}

{% macro try_cast_number(expression) -%}
    {{- return(adapter.dispatch('try_cast_number', 'annotation_ops')(expression)) -}}
{%- endmacro %}

{% macro default__try_cast_number(expression) -%}
    case
        when trim({{ expression }}) ~ '^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?$'
            then cast(trim({{ expression }}) as double precision)
    end
{%- endmacro %}

{% macro duckdb__try_cast_number(expression) -%}
    try_cast(trim({{ expression }}) as double)
{%- endmacro %}

{#- PostgreSQL: the cast is tried by a helper function (engine_functions.sql), so 1e400,
    2026-06-32 or 25:00 give NULL instead of an error; DuckDB's rules otherwise. -#}
{% macro postgres__try_cast_number(expression) -%}
    {{ engine_function('try_double') }}(trim({{ expression }}))
{%- endmacro %}

{% macro try_cast_integer(expression) -%}
    {{- return(adapter.dispatch('try_cast_integer', 'annotation_ops')(expression)) -}}
{%- endmacro %}

{% macro default__try_cast_integer(expression) -%}
    case
        when trim({{ expression }}) ~ '^[+-]?[0-9]{1,18}(\.0*)?$'
            then cast(cast(trim({{ expression }}) as numeric) as bigint)
    end
{%- endmacro %}

{% macro duckdb__try_cast_integer(expression) -%}
    {#- "12" and "12.0" are whole numbers; "12.5" is not. -#}
    case
        when try_cast(trim({{ expression }}) as double) = floor(try_cast(trim({{ expression }}) as double))
            then try_cast(try_cast(trim({{ expression }}) as double) as bigint)
    end
{%- endmacro %}

{% macro postgres__try_cast_integer(expression) -%}
    {#- As DuckDB: a number with no fraction that fits a bigint ("12", "12.0", "1e3"). -#}
    case
        when {{ engine_function('try_double') }}(trim({{ expression }}))
                = floor({{ engine_function('try_double') }}(trim({{ expression }})))
            and abs({{ engine_function('try_double') }}(trim({{ expression }}))) < 9.2e18
            then cast({{ engine_function('try_double') }}(trim({{ expression }})) as bigint)
    end
{%- endmacro %}

{% macro try_cast_date(expression) -%}
    {{- return(adapter.dispatch('try_cast_date', 'annotation_ops')(expression)) -}}
{%- endmacro %}

{% macro default__try_cast_date(expression) -%}
    case
        when trim({{ expression }}) ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'
            then cast(trim({{ expression }}) as date)
    end
{%- endmacro %}

{% macro duckdb__try_cast_date(expression) -%}
    case
        when regexp_matches(trim({{ expression }}), '^[0-9]{4}-[0-9]{2}-[0-9]{2}$')
            then try_cast(trim({{ expression }}) as date)
    end
{%- endmacro %}

{% macro postgres__try_cast_date(expression) -%}
    case
        when trim({{ expression }}) ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'
            then {{ engine_function('try_date') }}(trim({{ expression }}))
    end
{%- endmacro %}

{% macro try_cast_timestamp(expression) -%}
    {#- A UTC timestamp from ISO-8601 text (with or without fractional seconds, with `Z`,
        an offset such as `+00:00`, or none = UTC) or from epoch milliseconds (12-14 digits)
        or seconds (9-11 digits). -#}
    {{- return(adapter.dispatch('try_cast_timestamp', 'annotation_ops')(expression)) -}}
{%- endmacro %}

{% macro default__try_cast_timestamp(expression) -%}
    case
        when trim({{ expression }}) ~ '^[0-9]{12,14}$'
            then to_timestamp(cast(trim({{ expression }}) as bigint) / 1000.0) at time zone 'UTC'
        when trim({{ expression }}) ~ '^[0-9]{9,11}$'
            then to_timestamp(cast(trim({{ expression }}) as bigint)) at time zone 'UTC'
        when trim({{ expression }}) ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}([ T][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?)?\s*(Z|UTC|[+-][0-9]{2}(:?[0-9]{2})?)?$'
            then cast(trim({{ expression }}) as timestamp with time zone) at time zone 'UTC'
    end
{%- endmacro %}

{% macro duckdb__try_cast_timestamp(expression) -%}
    case
        when regexp_matches(trim({{ expression }}), '^[0-9]{12,14}$')
            then make_timestamp(cast(trim({{ expression }}) as bigint) * 1000)
        when regexp_matches(trim({{ expression }}), '^[0-9]{9,11}$')
            then make_timestamp(cast(trim({{ expression }}) as bigint) * 1000000)
        when regexp_matches(trim({{ expression }}), '^[0-9]{4}-[0-9]{2}-[0-9]{2}')
            then try_cast(trim({{ expression }}) as timestamptz) at time zone 'UTC'
    end
{%- endmacro %}

{% macro postgres__try_cast_timestamp(expression) -%}
    {#- Epochs exactly (integer arithmetic on an interval, no float rounding); ISO text through
        the helper, which parses with TimeZone UTC (text without offset = UTC). -#}
    case
        when trim({{ expression }}) ~ '^[0-9]{12,14}$'
            then timestamp '1970-01-01 00:00:00'
                + cast(trim({{ expression }}) as bigint) * interval '1 millisecond'
        when trim({{ expression }}) ~ '^[0-9]{9,11}$'
            then timestamp '1970-01-01 00:00:00'
                + cast(trim({{ expression }}) as bigint) * interval '1 second'
        when trim({{ expression }}) ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}'
            then {{ engine_function('try_timestamp_utc') }}(trim({{ expression }}))
    end
{%- endmacro %}

{% macro try_cast_boolean(expression) -%}
    {#- true/false, t/f, yes/no, 1/0 in any case; anything else is NULL. -#}
    case
        when lower(trim({{ expression }})) in ('true', 't', 'yes', 'y', '1') then true
        when lower(trim({{ expression }})) in ('false', 'f', 'no', 'n', '0') then false
    end
{%- endmacro %}

{#- Spark: dbt-spark runs with spark.sql.ansi.enabled=false, so `cast` gives NULL for text
    that does not parse (2026-06-32, 25:00, abc); a pattern guard first keeps Java's looser
    number syntax (`1.5d`, `NaN`) and partial dates (`2026-06`) out, as DuckDB rejects
    them. Timestamps are TIMESTAMP (session time zone UTC): text without offset is UTC. -#}

{% macro spark_number_pattern() -%}
    '^[+-]?([0-9]+([.][0-9]*)?|[.][0-9]+)([eE][+-]?[0-9]+)?$'
{%- endmacro %}

{% macro spark__try_cast_number(expression) -%}
    case
        when trim({{ expression }}) rlike {{ spark_number_pattern() }}
            and abs(cast(trim({{ expression }}) as double)) <= 1.7976931348623157e308
            then cast(trim({{ expression }}) as double)
    end
{%- endmacro %}

{% macro spark__try_cast_integer(expression) -%}
    {#- As DuckDB: a number with no fraction that fits a bigint ("12", "12.0", "1e3"). -#}
    case
        when {{ spark__try_cast_number(expression) }} = floor({{ spark__try_cast_number(expression) }})
            and abs({{ spark__try_cast_number(expression) }}) < 9.2e18
            then cast({{ spark__try_cast_number(expression) }} as bigint)
    end
{%- endmacro %}

{% macro spark__try_cast_date(expression) -%}
    case
        when trim({{ expression }}) rlike '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'
            then cast(trim({{ expression }}) as date)
    end
{%- endmacro %}

{% macro spark__try_cast_timestamp(expression) -%}
    case
        when trim({{ expression }}) rlike '^[0-9]{12,14}$'
            then timestamp_millis(cast(trim({{ expression }}) as bigint))
        when trim({{ expression }}) rlike '^[0-9]{9,11}$'
            then timestamp_seconds(cast(trim({{ expression }}) as bigint))
        when trim({{ expression }}) rlike '^[0-9]{4}-[0-9]{2}-[0-9]{2}'
            then cast(trim({{ expression }}) as timestamp)
    end
{%- endmacro %}

{#- Every var that reaches SQL is checked here, so a bad value stops the run with a message
    instead of failing deep inside a model. -#}

{% macro var_error(name, value, expected) -%}
    {{ exceptions.raise_compiler_error(
        "Invalid value for var '" ~ name ~ "': " ~ (value | string) ~ " (expected " ~ expected ~ ")"
    ) }}
{%- endmacro %}

{% macro number_var(name, minimum=none, maximum=none, integer=false) -%}
    {%- set value = var(name) -%}
    {%- set text = value | string | trim -%}
    {%- set pattern = '^[0-9]+$' if integer else '^-?[0-9]+(\\.[0-9]+)?$' -%}
    {%- if not modules.re.match(pattern, text) -%}
        {{ var_error(name, value, 'a non-negative whole number' if integer else 'a number') }}
    {%- endif -%}
    {%- set number = text | int if integer else text | float -%}
    {%- if minimum is not none and number < minimum -%}
        {{ var_error(name, value, 'at least ' ~ minimum) }}
    {%- endif -%}
    {%- if maximum is not none and number > maximum -%}
        {{ var_error(name, value, 'at most ' ~ maximum) }}
    {%- endif -%}
    {{- return(number) -}}
{%- endmacro %}

{% macro as_of_date() -%}
    {#- The date "today" means for the retention windows; a YYYY-MM-DD string. -#}
    {%- set value = var('as_of_date') -%}
    {%- set text = (value or '') | string | trim -%}
    {%- if text == '' or text == 'None' -%}
        {{- return(modules.datetime.datetime.utcnow().strftime('%Y-%m-%d')) -}}
    {%- endif -%}
    {%- if not modules.re.match('^[0-9]{4}-[0-9]{2}-[0-9]{2}$', text) -%}
        {{ var_error('as_of_date', value, 'a date written YYYY-MM-DD') }}
    {%- endif -%}
    {%- set year, month, day = text.split('-') | map('int') | list -%}
    {%- if month < 1 or month > 12 or day < 1 or day > 31 -%}
        {{ var_error('as_of_date', value, 'a real calendar date') }}
    {%- endif -%}
    {%- set days_in_month = [31, 29 if (year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)) else 28,
                             31, 30, 31, 30, 31, 31, 30, 31, 30, 31] -%}
    {%- if day > days_in_month[month - 1] -%}
        {{ var_error('as_of_date', value, 'a real calendar date') }}
    {%- endif -%}
    {{- return(text) -}}
{%- endmacro %}

{% macro retention_days() -%}
    {{- return(number_var('retention_days', minimum=1, integer=true)) -}}
{%- endmacro %}

{% macro window_start_date() -%}
    {#- First date of the retention window: as_of_date - (retention_days - 1). -#}
    {%- set end = modules.datetime.datetime.strptime(as_of_date(), '%Y-%m-%d') -%}
    {%- set start = end - modules.datetime.timedelta(days=retention_days() - 1) -%}
    {{- return(start.strftime('%Y-%m-%d')) -}}
{%- endmacro %}

{% macro day_after_as_of_date() -%}
    {#- The date after as_of_date, 'YYYY-MM-DD': its midnight is the end of as_of_date, the
        first instant "as of as_of_date" no longer sees. -#}
    {%- set end = modules.datetime.datetime.strptime(as_of_date(), '%Y-%m-%d') -%}
    {{- return((end + modules.datetime.timedelta(days=1)).strftime('%Y-%m-%d')) -}}
{%- endmacro %}

{% macro stuck_after_hours() -%}
    {#- Hours in one status after which an item counts as stuck, or none when the var is empty
        (then each project's p90 dwell of the status decides). -#}
    {%- set value = var('stuck_after_hours', '') -%}
    {%- if value is none or (value | string | trim) in ['', 'None'] -%}
        {{- return(none) -}}
    {%- endif -%}
    {{- return(number_var('stuck_after_hours', minimum=0)) -}}
{%- endmacro %}

{% macro max_inactivity_seconds() -%}
    {{- return(number_var('max_inactivity_seconds', minimum=0)) -}}
{%- endmacro %}

{% macro quality_threshold() -%}
    {{- return(number_var('quality_threshold', minimum=0, maximum=1)) -}}
{%- endmacro %}

{% macro data_dir() -%}
    {#- The landing zone root, without a trailing slash; quotes and control characters are
        refused because the path is written into SQL string literals. -#}
    {%- set text = var('data_dir') | string | trim -%}
    {%- if text == '' or modules.re.search("['\"\\\\\\x00-\\x1f;]", text) -%}
        {{ var_error('data_dir', text, 'a folder path without quotes, backslashes or semicolons') }}
    {%- endif -%}
    {{- return(text.rstrip('/')) -}}
{%- endmacro %}

{% macro raw_schema() -%}
    {%- set text = var('raw_schema') | string | trim -%}
    {%- if not modules.re.match('^[A-Za-z_][A-Za-z0-9_]*$', text) -%}
        {{ var_error('raw_schema', text, 'a plain SQL identifier') }}
    {%- endif -%}
    {{- return(text) -}}
{%- endmacro %}

{% macro bi_reader_role() -%}
    {#- The role BI tools connect with on server engines (empty = no grants). Lower case only:
        dbt writes grantees unquoted in GRANT (PostgreSQL folds them) but quoted in REVOKE, so a
        mixed-case name would not round-trip; PUBLIC and the CURRENT_/SESSION_ keywords would
        grant to someone else than one role. -#}
    {%- set text = (var('bi_reader_role') or '') | string | trim -%}
    {%- if text == '' or text == 'None' -%}
        {{- return('') -}}
    {%- endif -%}
    {%- if not modules.re.match('^[a-z_][a-z0-9_]{0,62}$', text)
           or text in ['public', 'current_user', 'current_role', 'session_user', 'none', 'all']
           or text.startswith('pg_') -%}
        {{ var_error('bi_reader_role', text, 'a lower-case SQL identifier naming one role, or empty') }}
    {%- endif -%}
    {{- return(text) -}}
{%- endmacro %}

{% macro rebuild_archive() -%}
    {#- A boolean, also as the text true/false (from --vars on a command line). -#}
    {%- set value = var('rebuild_archive') -%}
    {%- if value in [true, false] -%}
        {{- return(value) -}}
    {%- elif (value | string | trim | lower) in ['true', 'false'] -%}
        {{- return((value | string | trim | lower) == 'true') -}}
    {%- endif -%}
    {{ var_error('rebuild_archive', value | string, 'true or false') }}
{%- endmacro %}

{% macro validate_vars() -%}
    {#- on-run-start: fail fast on any malformed var. -#}
    {%- do as_of_date() -%}
    {%- do window_start_date() -%}
    {%- do max_inactivity_seconds() -%}
    {%- do quality_threshold() -%}
    {%- do stuck_after_hours() -%}
    {%- do lookback_days() -%}
    {%- do pii_key() -%}
    {%- do data_dir() -%}
    {%- do raw_schema() -%}
    {%- do rebuild_archive() -%}
    {%- do bi_reader_role() -%}
{%- endmacro %}

{#- pii_mode: how the marts show personal data (emails, names, vendor user IDs).
    `clear` shows them; `hash` replaces each by a keyed hash, the key coming from the
    environment variable ANNOTATION_OPS_PII_KEY (never from the repository), so marts can be
    shared without exposing people. Staging and intermediate keep the clear values: only
    the marts are meant for readers (the BI role can read nothing else). -#}

{% macro pii_mode() -%}
    {%- set text = var('pii_mode') | string | trim | lower -%}
    {%- if text not in ['clear', 'hash'] -%}
        {{ var_error('pii_mode', var('pii_mode'), "'clear' or 'hash'") }}
    {%- endif -%}
    {{- return(text) -}}
{%- endmacro %}

{% macro pii_key() -%}
    {%- set key = env_var('ANNOTATION_OPS_PII_KEY', '') -%}
    {%- if pii_mode() == 'hash' and key | length < 16 -%}
        {{ exceptions.raise_compiler_error(
            "pii_mode 'hash' needs the environment variable ANNOTATION_OPS_PII_KEY set to a"
            ~ " secret of at least 16 characters (the key of the hashes; keep it out of the"
            ~ " repository)."
        ) }}
    {%- endif -%}
    {{- return(key) -}}
{%- endmacro %}

{% macro pii(expression) -%}
    {#- A personal value as the marts show it. With pii_mode hash: 'pii_' and the first 32 hex
        digits of SHA-256(key | lower-cased, trimmed value), so one person's email gives the
        same hash in every mart and every vendor and joins still work; NULL stays NULL. -#}
    {%- if pii_mode() == 'hash' -%}
        case
            when {{ expression }} is not null
                then {{ dbt.concat(["'pii_'", "left(" ~ sha256_hex(dbt.concat([
                    sql_string(pii_key()), "'|'", "lower(trim(" ~ expression ~ "))",
                ])) ~ ", 32)"]) }}
        end
    {%- else -%}
        {{ expression }}
    {%- endif -%}
{%- endmacro %}

{% macro pii_free_text(expression) -%}
    {#- Free text that may hold anything personal (a rejected record's raw text): NULL with
        pii_mode hash (source_file and source_row still find the record). -#}
    {%- if pii_mode() == 'hash' -%}
        cast(null as {{ dbt.type_string() }})
    {%- else -%}
        {{ expression }}
    {%- endif -%}
{%- endmacro %}

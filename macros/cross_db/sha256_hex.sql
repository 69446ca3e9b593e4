{% macro sha256_hex(expression) -%}
    {#- SHA-256 of a text as 64 lower-case hex digits, the same on every engine. -#}
    {{- return(adapter.dispatch('sha256_hex', 'annotation_ops')(expression)) -}}
{%- endmacro %}

{% macro default__sha256_hex(expression) -%}
    sha256({{ expression }})
{%- endmacro %}

{% macro postgres__sha256_hex(expression) -%}
    encode(sha256(convert_to({{ expression }}, 'UTF8')), 'hex')
{%- endmacro %}

{% macro spark__sha256_hex(expression) -%}
    sha2({{ expression }}, 256)
{%- endmacro %}

{% macro wilson_interval_bound(successes, trials, side, z=1.959964) -%}
    {#- One bound of the Wilson score interval of the proportion successes / trials, as a
        double; NULL when trials is 0 or NULL. With s successes of n trials:
            (s + z^2/2 -/+ z * sqrt(s * (n - s) / n + z^2/4)) / (n + z^2)
        which is the textbook (p + z^2/2n -/+ z sqrt(p(1-p)/n + z^2/4n^2)) / (1 + z^2/n)
        multiplied through by n. The lower bound of 0 of n is 0 and the upper bound of n of n
        is 1 exactly (the formula gives them up to rounding). Every operand is cast to a
        double (z from text), so every engine does the same IEEE arithmetic. -#}
    {%- if side not in ['lower', 'upper'] -%}
        {{ exceptions.raise_compiler_error("wilson_interval_bound: side must be 'lower' or 'upper', got " ~ side) }}
    {%- endif -%}
    {%- set s = 'cast(' ~ successes ~ ' as ' ~ type_double() ~ ')' -%}
    {%- set n = 'cast(' ~ trials ~ ' as ' ~ type_double() ~ ')' -%}
    {%- set z_value = "cast('" ~ z ~ "' as " ~ type_double() ~ ")" -%}
    case
        when {{ trials }} is null or {{ trials }} = 0 or {{ successes }} is null then null
        {% if side == 'lower' -%}
        when {{ successes }} = 0 then cast(0 as {{ type_double() }})
        {%- else -%}
        when {{ successes }} = {{ trials }} then cast(1 as {{ type_double() }})
        {%- endif %}
        else (
            {{ s }} + {{ z_value }} * {{ z_value }} / 2
            {{ '-' if side == 'lower' else '+' }} {{ z_value }} * sqrt(
                {{ s }} * ({{ n }} - {{ s }}) / {{ n }} + {{ z_value }} * {{ z_value }} / 4
            )
        ) / ({{ n }} + {{ z_value }} * {{ z_value }})
    end
{%- endmacro %}

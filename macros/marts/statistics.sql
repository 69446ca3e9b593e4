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

{% macro cohens_kappa(agreed, in_common, expected_products) -%}
    {#- Cohen's kappa of two raters over n = in_common items, as a double, from whole numbers:
        agreed items, and expected_products = sum over answers c of n_a(c) * n_b(c) (how often
        each rater gave c). With p_o = agreed / n and p_e = expected_products / n^2,
            kappa = (p_o - p_e) / (1 - p_e) = (agreed * n - expected_products) / (n^2 - expected_products)
        computed in whole numbers and divided once, so every engine gives the same double and
        "p_e = 1" is an exact test: kappa is NULL then (both raters always gave the same single
        answer), and when n is 0 or NULL. -#}
    {%- set n = 'cast(' ~ in_common ~ ' as ' ~ dbt.type_bigint() ~ ')' -%}
    {%- set products = 'cast(' ~ expected_products ~ ' as ' ~ dbt.type_bigint() ~ ')' -%}
    case
        when {{ n }} > 0 and {{ n }} * {{ n }} <> {{ products }}
            then cast({{ agreed }} * {{ n }} - {{ products }} as {{ type_double() }})
                / cast({{ n }} * {{ n }} - {{ products }} as {{ type_double() }})
    end
{%- endmacro %}

{% macro expected_agreement(in_common, expected_products) -%}
    {#- Cohen's expected (chance) agreement p_e = sum over answers c of the two raters' shares
        of c over the n = in_common items = expected_products / n^2, as a double; NULL when n
        is 0 or NULL. -#}
    {%- set n = 'cast(' ~ in_common ~ ' as ' ~ type_double() ~ ')' -%}
    case
        when {{ in_common }} > 0
            then cast({{ expected_products }} as {{ type_double() }}) / ({{ n }} * {{ n }})
    end
{%- endmacro %}

{% macro zero_if_null(expr) -%}
    coalesce({{ expr }}, 0)
{%- endmacro %}

{% macro payment_columns(prefix) -%}
    {{ prefix }}.payment_id, {{ prefix }}.order_id
{%- endmacro %}

{# Converts an amount in a trade's currency with the day's FX rate to the reporting currency. #}
{% macro to_reporting_currency(amount, rate) -%}
  round({{ amount }} * coalesce({{ rate }}, 1), 2)
{%- endmacro %}

{% macro get_payment_methods() %}
    {{ return(['credit_card', 'bank_transfer']) }}
{% endmacro %}

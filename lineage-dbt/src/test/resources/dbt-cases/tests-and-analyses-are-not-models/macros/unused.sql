{% macro unused() %}select 1{% endmacro %}

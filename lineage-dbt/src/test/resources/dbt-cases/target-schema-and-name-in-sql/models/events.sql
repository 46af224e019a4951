select
    id,
    '{{ target.name }}' as target_name,
    '{{ target.schema }}' as target_schema,
    '{{ target.database }}' as target_database,
    '{{ target.type }}' as adapter_type
{% if target.name == 'prod' -%}
from {{ source('raw', 'events') }}
{%- else -%}
from {{ source('raw', 'events_sample') }}
{%- endif %}
{% if target.name == 'dev' %}limit 100{% endif %}

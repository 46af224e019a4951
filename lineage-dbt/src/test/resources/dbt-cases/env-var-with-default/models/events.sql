select
    id,
    '{{ env_var('DBT_ENV_NAME', 'local') }}' as env_name,
    '{{ env_var('DBT_REGION', 'us') }}' as region
from {{ source('raw', 'events_' ~ env_var('DBT_REGION', 'us')) }}
{% if env_var('DBT_ENV_NAME', 'local') == 'ci' %}where id < 1000{% endif %}

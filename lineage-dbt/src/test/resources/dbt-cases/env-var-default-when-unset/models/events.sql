select id, '{{ env_var('DBT_ENV_NAME', 'local') }}' as env_name
from {{ source('raw', 'events') }}
{% if env_var('DBT_ENV_NAME', 'local') == 'ci' %}where id < 1000{% endif %}

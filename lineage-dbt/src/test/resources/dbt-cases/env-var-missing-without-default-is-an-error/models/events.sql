select id,
       '{{ env_var('DBT_DEPLOY_ID') }}' as deploy_id
from {{ source('raw', 'events') }}

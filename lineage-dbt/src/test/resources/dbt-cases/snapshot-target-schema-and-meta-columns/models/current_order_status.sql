select id as order_id, status, dbt_valid_from as status_since
from {{ ref('orders_snapshot') }}
where dbt_valid_to is null

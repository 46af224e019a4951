select id, created_at
from {{ source('shop', 'orders') }}
where created_at >= '{{ var('start_date') }}'

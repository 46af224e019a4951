select o.id as order_id, c.email
from {{ source('raw', 'orders') }} o
join {{ source('raw', 'customers') }} c on c.id = o.customer_id

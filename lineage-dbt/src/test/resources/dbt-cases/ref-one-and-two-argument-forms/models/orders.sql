select o.order_id, o.customer_id, p.status
from {{ ref('stg_orders') }} as o
join {{ ref('jaffle', 'stg_orders') }} as p on p.order_id = o.order_id

select o.id as order_id, t.total
from {{ source('shop', 'orders') }} o
left join {{ ref('int_order_totals') }} t on t.order_id = o.id

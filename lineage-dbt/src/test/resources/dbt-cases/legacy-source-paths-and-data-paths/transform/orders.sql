select o.id, s.is_final
from {{ source('raw', 'orders') }} o
join {{ ref('order_statuses') }} s on s.status = o.status

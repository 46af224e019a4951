select
    p.id as payment_id,
    o.id as order_id,
    c.name as customer_name,
    a.tier
from {{ source('stripe', 'payments') }} p
join {{ source('shop', 'orders') }} o on o.id = p.order_id
join {{ source('legacy', 'customers') }} c on c.id = o.customer_id
join {{ source('crm', 'accounts') }} a on a.customer_id = c.id

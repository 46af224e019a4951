select payment_id, order_id, amount
from {{ source('stripe', 'payments') }}
where status = 'success'

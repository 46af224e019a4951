select order_id, sum(amount) as amount
from {{ ref('int_payments_cleaned') }}
group by 1

select count(*) as payments, sum(amount) as amount
from {{ ref('int_payments_cleaned') }}

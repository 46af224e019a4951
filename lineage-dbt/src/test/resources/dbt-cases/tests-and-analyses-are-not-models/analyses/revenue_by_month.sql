select date_trunc('month', paid_at) as month, sum(amount) from {{ ref('payments') }} group by 1

select finance_date, revenue, cost, revenue - cost as margin
from {{ source('raw', 'daily_finance') }}

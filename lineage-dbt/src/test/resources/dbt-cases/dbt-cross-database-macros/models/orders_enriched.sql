select
    id as order_id,
    {{ dbt.date_trunc('month', 'created_at') }} as order_month,
    {{ dbt.dateadd('day', 30, 'created_at') }} as due_at,
    {{ dbt.datediff('created_at', 'shipped_at', 'day') }} as days_to_ship,
    {{ dbt.safe_cast('amount', dbt.type_numeric()) }} as amount,
    {{ dbt.concat(['first_name', "' '", 'last_name']) }} as customer_name,
    {{ dbt.hash('email') }} as email_hash,
    {{ dbt.current_timestamp() }} as loaded_at
from {{ source('shop', 'orders') }}

select o.order_id, c.country_name
from {{ ref('stg_orders') }} o
left join {{ ref('country_codes') }} c on c.country_code = o.country

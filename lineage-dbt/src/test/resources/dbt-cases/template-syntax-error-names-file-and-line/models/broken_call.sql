select id,
       status
from {{ source('shop', 'orders' }}

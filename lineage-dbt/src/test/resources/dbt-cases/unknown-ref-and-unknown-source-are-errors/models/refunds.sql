select id as refund_id
from {{ source('shop', 'refunds') }}

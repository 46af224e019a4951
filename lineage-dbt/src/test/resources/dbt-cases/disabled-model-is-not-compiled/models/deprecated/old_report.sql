select order_id from {{ ref('no_longer_there') }}

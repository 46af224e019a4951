select * from {{ ref('legacy_orders') }}

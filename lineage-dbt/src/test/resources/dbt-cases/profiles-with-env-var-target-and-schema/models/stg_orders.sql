select id as order_id, '{{ target.user }}' as built_by from {{ source('raw', 'orders') }}

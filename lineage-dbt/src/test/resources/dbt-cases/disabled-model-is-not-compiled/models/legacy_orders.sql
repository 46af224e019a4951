{{ config(enabled=false) }}
select * from {{ source('shop', 'legacy_orders') }}

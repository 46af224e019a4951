{{ config(materialized='table') }}
select order_id, amount, 'web' as channel from {{ ref('stg_web_orders') }}
union all
select order_id, amount, 'store' as channel from {{ ref('stg_store_orders') }}

{{ config(materialized='table', schema=var('mart_schema', 'marts'), alias=var('orders_alias', 'orders_v1')) }}
select id as order_id from {{ source('raw', 'orders') }}

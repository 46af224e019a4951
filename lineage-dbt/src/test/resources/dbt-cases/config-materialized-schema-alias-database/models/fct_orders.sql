{{ config(
    materialized='table',
    schema='finance',
    alias='orders_fact',
    post_hook="grant select on {{ this }} to reporter"
) }}

select id as order_id, amount from {{ source('raw', 'orders') }}

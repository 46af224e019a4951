{{ config(materialized='incremental', database='archive') }}
select order_id, amount from {{ ref('fct_orders') }}

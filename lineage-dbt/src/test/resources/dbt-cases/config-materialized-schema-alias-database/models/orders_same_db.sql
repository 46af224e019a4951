{{ config(database='warehouse') }}
select order_id from {{ ref('fct_orders') }}

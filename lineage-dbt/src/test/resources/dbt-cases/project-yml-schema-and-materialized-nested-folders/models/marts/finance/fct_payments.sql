{{ config(schema='finance') }}
select payment_id, amount from {{ ref('stg_payments') }}

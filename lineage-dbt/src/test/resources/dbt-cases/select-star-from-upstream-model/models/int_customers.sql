select *, lower(email) as email_normalized from {{ ref('stg_customers') }}

{{ config(materialized='incremental', unique_key='event_id') }}

select event_id, user_id, occurred_at
from {{ source('raw', 'events') }}

{% if is_incremental() %}
where occurred_at > (select max(occurred_at) from {{ this }})
{% endif %}

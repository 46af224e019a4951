select id
from {{ source('shop', 'orders') }}
{% if target.name == 'dev' %}
where id < 100

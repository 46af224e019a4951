{%- set methods = get_payment_methods() -%}
select
    order_id,
    {% for method in methods -%}
    sum(case when payment_method = '{{ method }}' then amount end) as {{ method }}_amount{{ ',' if not loop.last }}
    {% endfor %}
from {{ source('stripe', 'payments') }}
group by 1

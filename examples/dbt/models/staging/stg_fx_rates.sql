select
    rate_date,
    from_currency,
    rate
from {{ source('raw', 'fx') }}
where to_currency = '{{ var("reporting_currency") }}'

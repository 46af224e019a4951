select
    instrument_id,
    price_date,
    close_price
from {{ source('raw', 'prices') }}
where close_price is not null

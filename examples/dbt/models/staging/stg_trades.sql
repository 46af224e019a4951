-- Booked trades only; cancelled ones never reach the marts.
select
    trade_id,
    trade_date,
    instrument_id,
    book_id,
    upper(side) as side,
    quantity,
    price,
    currency
from {{ source('raw', 'trades') }}
where status <> 'CANCELLED'

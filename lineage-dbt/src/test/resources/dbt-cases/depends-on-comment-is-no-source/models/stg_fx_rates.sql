select currency, rate from {{ source('shop', 'fx_rates') }}

-- Daily returns per instrument, the input of the historical-simulation VaR.
CREATE OR REPLACE VIEW stg.price_returns AS
SELECT instrument_id,
       price_date,
       adj_close_price,
       LAG(adj_close_price) OVER (PARTITION BY instrument_id ORDER BY price_date) AS prev_adj_close_price,
       adj_close_price
           / NULLIF(LAG(adj_close_price) OVER (PARTITION BY instrument_id ORDER BY price_date), 0)
           - 1 AS daily_return
FROM stg.prices;

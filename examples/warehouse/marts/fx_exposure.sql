-- Net open currency position per book and currency.
CREATE OR REPLACE VIEW mart.fx_exposure AS
SELECT v.position_date,
       v.book_id,
       v.currency,
       SUM(v.market_value_local) AS net_exposure_local,
       SUM(v.market_value_usd) AS net_exposure_usd,
       SUM(SUM(v.market_value_usd)) OVER (PARTITION BY v.position_date, v.book_id) AS book_total_usd
FROM mart.position_valuations v
WHERE v.currency <> 'USD'
GROUP BY v.position_date, v.book_id, v.currency;

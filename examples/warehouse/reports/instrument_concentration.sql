-- Share of each instrument in its book's gross market value, latest day only.
CREATE OR REPLACE VIEW rpt.instrument_concentration AS
SELECT v.position_date,
       v.book_id,
       v.desk,
       i.ticker,
       i.instrument_name,
       i.sector,
       v.market_value_usd,
       ABS(v.market_value_usd) / NULLIF(SUM(ABS(v.market_value_usd)) OVER (PARTITION BY v.book_id), 0) AS weight_in_book,
       ROW_NUMBER() OVER (PARTITION BY v.book_id ORDER BY ABS(v.market_value_usd) DESC) AS concentration_rank
FROM mart.position_valuations v
JOIN mart.dim_instrument i
  ON i.instrument_id = v.instrument_id
WHERE v.position_date = (SELECT MAX(position_date) FROM mart.position_valuations);

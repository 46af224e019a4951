-- Close prices adjusted for later stock splits, so that returns are comparable
-- across a split date. adj_factor = product of the ratios of all later splits.
CREATE TABLE stg.prices AS
WITH splits AS (
    SELECT instrument_id, ex_date, split_ratio
    FROM raw.corporate_actions
    WHERE action_type = 'SPLIT'
      AND split_ratio > 0
),
factors AS (
    SELECT p.instrument_id,
           p.price_date,
           COALESCE(EXP(SUM(LN(s.split_ratio))), 1) AS adj_factor
    FROM raw.prices p
    LEFT JOIN splits s
      ON s.instrument_id = p.instrument_id
     AND s.ex_date > p.price_date
    GROUP BY p.instrument_id, p.price_date
)
SELECT p.instrument_id,
       p.price_date,
       p.close_price,
       p.close_price / f.adj_factor AS adj_close_price,
       p.volume,
       p.price_source
FROM raw.prices p
JOIN factors f
  ON f.instrument_id = p.instrument_id
 AND f.price_date = p.price_date
JOIN stg.instruments i
  ON i.instrument_id = p.instrument_id;

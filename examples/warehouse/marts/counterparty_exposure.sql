-- Pre-settlement exposure per counterparty: positive mark-to-market of its trades
-- (what we lose if it defaults today), against its approved limit.
CREATE TABLE mart.counterparty_exposure AS
WITH latest_price AS (
    SELECT instrument_id, close_price
    FROM (
        SELECT p.instrument_id,
               p.close_price,
               ROW_NUMBER() OVER (PARTITION BY p.instrument_id ORDER BY p.price_date DESC) AS rn
        FROM stg.prices p
    ) ranked
    WHERE rn = 1
),
trade_mtm AS (
    SELECT t.counterparty_id,
           t.signed_quantity * (lp.close_price - t.price) * t.fx_rate_usd AS mtm_usd
    FROM mart.fct_trades t
    JOIN latest_price lp
      ON lp.instrument_id = t.instrument_id
    WHERE t.counterparty_id IS NOT NULL
),
per_counterparty AS (
    SELECT counterparty_id,
           SUM(CASE WHEN mtm_usd > 0 THEN mtm_usd ELSE 0 END) AS gross_exposure_usd,
           GREATEST(SUM(mtm_usd), 0) AS net_exposure_usd
    FROM trade_mtm
    GROUP BY counterparty_id
)
SELECT CURRENT_DATE AS as_of_date,
       e.counterparty_id,
       d.ultimate_parent_id,
       d.legal_name,
       e.gross_exposure_usd,
       e.net_exposure_usd,
       l.limit_amount_usd,
       100.0 * e.net_exposure_usd / NULLIF(l.limit_amount_usd, 0) AS utilisation_pct
FROM per_counterparty e
JOIN mart.dim_counterparty d
  ON d.counterparty_id = e.counterparty_id
LEFT JOIN stg.credit_limits l
  ON l.counterparty_id = e.counterparty_id
 AND l.limit_type = 'PRE_SETTLEMENT';

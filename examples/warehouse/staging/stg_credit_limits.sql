-- Current credit limits per counterparty and type, converted to USD.
-- Table kept incrementally with MERGE so that limit history is not rebuilt every night.
CREATE TABLE IF NOT EXISTS stg.credit_limits (
    counterparty_id  INTEGER       NOT NULL,
    limit_type       VARCHAR(20)   NOT NULL,
    limit_amount     NUMERIC(20,2) NOT NULL,
    currency         CHAR(3)       NOT NULL,
    limit_amount_usd NUMERIC(20,2),
    valid_from       DATE          NOT NULL,
    valid_to         DATE
);

MERGE INTO stg.credit_limits AS t
USING (
    SELECT l.counterparty_id,
           l.limit_type,
           l.limit_amount,
           l.currency,
           l.limit_amount * fx.usd_rate AS limit_amount_usd,
           l.valid_from,
           l.valid_to
    FROM raw.credit_limits l
    JOIN stg.fx_rates fx
      ON fx.currency = l.currency
     AND fx.rate_date = l.valid_from
    WHERE l.valid_to IS NULL OR l.valid_to >= CURRENT_DATE
) AS s
ON (t.counterparty_id = s.counterparty_id AND t.limit_type = s.limit_type AND t.valid_from = s.valid_from)
WHEN MATCHED THEN UPDATE SET
    limit_amount     = s.limit_amount,
    currency         = s.currency,
    limit_amount_usd = s.limit_amount_usd,
    valid_to         = s.valid_to
WHEN NOT MATCHED THEN INSERT (
    counterparty_id, limit_type, limit_amount, currency, limit_amount_usd, valid_from, valid_to
) VALUES (
    s.counterparty_id, s.limit_type, s.limit_amount, s.currency, s.limit_amount_usd, s.valid_from, s.valid_to
);

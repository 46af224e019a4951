-- Positions per business day: start-of-day custody snapshot plus the day's trades.
CREATE TABLE IF NOT EXISTS mart.positions_daily (
    position_date DATE          NOT NULL,
    book_id       INTEGER       NOT NULL,
    account_id    INTEGER       NOT NULL,
    instrument_id INTEGER       NOT NULL,
    quantity      NUMERIC(20,4) NOT NULL,
    cost_basis    NUMERIC(20,4),
    updated_at    TIMESTAMP     NOT NULL
);

MERGE INTO mart.positions_daily AS t
USING (
    SELECT p.snapshot_date AS position_date,
           p.book_id,
           p.account_id,
           p.instrument_id,
           p.quantity + COALESCE(d.traded_quantity, 0) AS quantity,
           p.cost_basis + COALESCE(d.traded_cost, 0) AS cost_basis
    FROM stg.positions p
    LEFT JOIN (
        SELECT tr.trade_date,
               tr.book_id,
               tr.account_id,
               tr.instrument_id,
               SUM(tr.signed_quantity) AS traded_quantity,
               SUM(tr.signed_quantity * tr.price) AS traded_cost
        FROM stg.trades tr
        GROUP BY tr.trade_date, tr.book_id, tr.account_id, tr.instrument_id
    ) d
      ON d.trade_date = p.snapshot_date
     AND d.book_id = p.book_id
     AND d.account_id = p.account_id
     AND d.instrument_id = p.instrument_id
    WHERE p.snapshot_date IN (SELECT bd.calendar_date FROM stg.business_days bd)
) AS s
ON (t.position_date = s.position_date AND t.book_id = s.book_id
    AND t.account_id = s.account_id AND t.instrument_id = s.instrument_id)
WHEN MATCHED THEN UPDATE SET
    quantity   = s.quantity,
    cost_basis = s.cost_basis,
    updated_at = CURRENT_TIMESTAMP
WHEN NOT MATCHED THEN INSERT (
    position_date, book_id, account_id, instrument_id, quantity, cost_basis, updated_at
) VALUES (
    s.position_date, s.book_id, s.account_id, s.instrument_id, s.quantity, s.cost_basis, CURRENT_TIMESTAMP
);

-- stg.trades: one clean row per live trade, amendments applied, cancellations removed.
-- Three statements: build, apply amendments (UPDATE ... FROM), drop cancelled trades.

DROP TABLE IF EXISTS stg.trades;

CREATE TABLE stg.trades AS
WITH latest_load AS (
    -- the OMS can send the same trade twice; keep the most recent load
    SELECT t.*,
           ROW_NUMBER() OVER (PARTITION BY t.trade_id ORDER BY t.loaded_at DESC) AS load_rank
    FROM raw.trades t
    WHERE t.status <> 'TEST'
),
clean AS (
    SELECT trade_id,
           trade_date,
           trade_ts,
           account_id,
           instrument_id,
           counterparty_id,
           book_id,
           trader_id,
           side,
           quantity,
           price,
           currency,
           source_system
    FROM latest_load
    WHERE load_rank = 1
)
SELECT c.trade_id,
       c.trade_date,
       c.trade_ts,
       c.account_id,
       c.instrument_id,
       c.counterparty_id,
       c.book_id,
       c.trader_id,
       c.side,
       CASE WHEN c.side = 'SELL' THEN -c.quantity ELSE c.quantity END AS signed_quantity,
       c.quantity,
       c.price,
       c.currency,
       c.quantity * c.price AS notional,
       c.source_system
FROM clean c;

-- Amendments: the latest AMEND event per trade overrides quantity and price.
UPDATE stg.trades t
SET quantity        = COALESCE(e.new_quantity, t.quantity),
    price           = COALESCE(e.new_price, t.price),
    signed_quantity = CASE WHEN t.side = 'SELL' THEN -COALESCE(e.new_quantity, t.quantity)
                           ELSE COALESCE(e.new_quantity, t.quantity) END,
    notional        = COALESCE(e.new_quantity, t.quantity) * COALESCE(e.new_price, t.price)
FROM (
    SELECT trade_id, new_quantity, new_price,
           ROW_NUMBER() OVER (PARTITION BY trade_id ORDER BY event_ts DESC) AS rn
    FROM raw.trade_events
    WHERE event_type = 'AMEND'
) e
WHERE e.trade_id = t.trade_id
  AND e.rn = 1;

DELETE FROM stg.trades
WHERE trade_id IN (
    SELECT ev.trade_id FROM raw.trade_events ev WHERE ev.event_type = 'CANCEL'
);

-- Nightly load of the OMS trade feed into raw.trades.
-- Re-runnable: the trade dates present in the feed are deleted first, then reloaded.
-- History: this job used to read the old extract, i.e.
--   INSERT INTO raw.trades SELECT * FROM legacy.oms_trades_v1;
-- which is gone; the line above is a comment and must not produce lineage.

DELETE FROM raw.trades
WHERE trade_date IN (SELECT DISTINCT f.trade_date FROM landing.trade_feed f);

INSERT INTO raw.trades (
    trade_id, trade_date, trade_ts, account_id, instrument_id, counterparty_id,
    side, quantity, price, currency, trader_id, book_id, status, source_system, loaded_at
)
SELECT
    f.trade_ref,
    f.trade_date,
    f.exec_ts,
    f.account_id,
    i.instrument_id,
    c.counterparty_id,
    CASE f.buy_sell WHEN 'B' THEN 'BUY' WHEN 'S' THEN 'SELL' ELSE 'UNK' END,
    ABS(f.qty),
    f.px,
    UPPER(f.ccy),
    f.trader_id,
    f.book_id,
    COALESCE(f.status, 'NEW'),
    COALESCE(f.source_system, 'OMS'),
    CURRENT_TIMESTAMP
FROM landing.trade_feed f
JOIN raw.instruments i
  ON i.isin = f.isin
LEFT JOIN raw.counterparties c
  ON c.lei = f.counterparty_lei
WHERE f.status IS NULL OR f.status <> 'REJECTED';

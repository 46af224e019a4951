-- Lifecycle events arrive on the same feed, flagged by status AMENDED / CANCELLED.
-- The status literal 'CANCELLED FROM raw.trades' below is text, not a table reference.
INSERT INTO raw.trade_events
SELECT
    f.feed_id,
    f.trade_ref,
    f.received_at,
    CASE WHEN f.status = 'CANCELLED' THEN 'CANCEL' ELSE 'AMEND' END,
    CASE WHEN f.status = 'CANCELLED' THEN NULL ELSE f.qty END,
    CASE WHEN f.status = 'CANCELLED' THEN NULL ELSE f.px END,
    CASE WHEN f.status = 'CANCELLED' THEN 'CANCELLED FROM raw.trades' ELSE 'amended by OMS' END,
    CURRENT_TIMESTAMP
FROM landing.trade_feed f
WHERE f.status IN ('AMENDED', 'CANCELLED')
  AND NOT EXISTS (
      SELECT 1 FROM raw.trade_events e
      WHERE e.event_id = f.feed_id
  );

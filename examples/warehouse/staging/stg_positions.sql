-- Start-of-day positions with their cost basis; zero positions are dropped.
CREATE TABLE stg.positions AS
SELECT s.snapshot_date,
       s.account_id,
       s.instrument_id,
       s.book_id,
       SUM(s.quantity) AS quantity,
       SUM(s.quantity * COALESCE(s.avg_cost, 0)) AS cost_basis,
       MIN(s.custodian) AS custodian
FROM raw.positions_snapshot s
JOIN raw.books b
  ON b.book_id = s.book_id
WHERE b.is_active = TRUE
GROUP BY s.snapshot_date, s.account_id, s.instrument_id, s.book_id
HAVING SUM(s.quantity) <> 0;

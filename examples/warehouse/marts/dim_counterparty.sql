-- Counterparty dimension with the ultimate parent's name attached.
CREATE TABLE mart.dim_counterparty AS
SELECT c.counterparty_id,
       c.lei,
       c.legal_name,
       c.country_code,
       c.credit_rating,
       c.rating_bucket,
       h.ultimate_parent_id,
       COALESCE(p.legal_name, c.legal_name) AS ultimate_parent_name,
       h.hierarchy_depth
FROM stg.counterparties c
LEFT JOIN stg.counterparty_hierarchy h
  ON h.counterparty_id = c.counterparty_id
LEFT JOIN stg.counterparties p
  ON p.counterparty_id = h.ultimate_parent_id
WHERE c.is_active = TRUE;

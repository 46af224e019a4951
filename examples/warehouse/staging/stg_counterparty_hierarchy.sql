-- Resolve every counterparty to its ultimate parent (group) for large-exposure rules.
CREATE TABLE stg.counterparty_hierarchy AS
WITH RECURSIVE chain (counterparty_id, ancestor_id, depth) AS (
    SELECT counterparty_id, counterparty_id, 0
    FROM raw.counterparties
    UNION ALL
    SELECT ch.counterparty_id, p.parent_counterparty_id, ch.depth + 1
    FROM chain ch
    JOIN raw.counterparties p
      ON p.counterparty_id = ch.ancestor_id
    WHERE p.parent_counterparty_id IS NOT NULL
      AND ch.depth < 10
)
SELECT counterparty_id,
       ancestor_id AS ultimate_parent_id,
       depth AS hierarchy_depth
FROM (
    SELECT chain.*,
           ROW_NUMBER() OVER (PARTITION BY counterparty_id ORDER BY depth DESC) AS rn
    FROM chain
) ranked
WHERE rn = 1;

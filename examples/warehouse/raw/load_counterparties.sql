/*
 * Upsert counterparties from the KYC feed. The parent is delivered as an LEI and
 * resolved to an id through the feed itself (parents are always in the same file).
 * Rating: S&P where present, else Moody's mapped to the S&P scale.
 */
MERGE INTO raw.counterparties AS t
USING (
    SELECT f.counterparty_id,
           f.lei,
           f.legal_name,
           f.country,
           COALESCE(f.rating_sp,
                    CASE f.rating_moodys
                        WHEN 'Aaa' THEN 'AAA' WHEN 'Aa1' THEN 'AA+' WHEN 'Aa2' THEN 'AA'
                        WHEN 'A1' THEN 'A+' WHEN 'A2' THEN 'A' WHEN 'Baa1' THEN 'BBB+'
                        WHEN 'Baa2' THEN 'BBB' WHEN 'Ba1' THEN 'BB+' ELSE 'NR'
                    END) AS rating,
           f.industry,
           p.counterparty_id AS parent_id,
           f.status,
           f.feed_ts
    FROM landing.counterparty_feed f
    LEFT JOIN landing.counterparty_feed p
      ON p.lei = f.parent_lei
) AS s
ON (t.counterparty_id = s.counterparty_id)
WHEN MATCHED THEN UPDATE SET
    lei                    = s.lei,
    legal_name             = s.legal_name,
    country_code           = s.country,
    credit_rating          = s.rating,
    sector                 = s.industry,
    parent_counterparty_id = s.parent_id,
    is_active              = (s.status <> 'CLOSED'),
    updated_at             = s.feed_ts
WHEN NOT MATCHED THEN INSERT (
    counterparty_id, lei, legal_name, country_code, credit_rating, sector,
    parent_counterparty_id, is_active, updated_at
) VALUES (
    s.counterparty_id, s.lei, s.legal_name, s.country, s.rating, s.industry,
    s.parent_id, (s.status <> 'CLOSED'), s.feed_ts
);

CREATE OR REPLACE VIEW stg.books AS
SELECT b.book_id,
       b.book_name,
       UPPER(b.desk) AS desk,
       b.legal_entity,
       b.head_trader_id,
       b.base_currency
FROM raw.books b
WHERE b.is_active = TRUE;

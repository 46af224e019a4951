-- The ledger export occasionally re-sends a journal; keep the first load of each line.
DELETE FROM raw.journal_entries
WHERE (journal_id, line_no, loaded_at) IN (
    SELECT journal_id, line_no, loaded_at
    FROM (
        SELECT journal_id,
               line_no,
               loaded_at,
               ROW_NUMBER() OVER (PARTITION BY journal_id, line_no ORDER BY loaded_at) AS copy_no
        FROM raw.journal_entries
    ) copies
    WHERE copy_no > 1
);

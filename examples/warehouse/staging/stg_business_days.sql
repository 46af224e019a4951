-- Business days with the previous business day, for day-over-day P&L.
CREATE OR REPLACE VIEW stg.business_days AS
SELECT c.calendar_date,
       LAG(c.calendar_date) OVER (ORDER BY c.calendar_date) AS prev_business_date,
       c.is_month_end,
       c.fiscal_year,
       c.fiscal_quarter
FROM raw.calendar c
WHERE c.is_business_day = TRUE;

-- ============================================================================
-- DELIBERATELY BROKEN FILE (the only one in this corpus).
-- Statement 2 below has a syntax error on purpose, to show error reporting:
-- `lineage parse` must report it as an error entry of statement index 1 and still
-- return the lineage of statements 1 and 3. Do not "fix" it.
-- ============================================================================

-- 1: good
CREATE OR REPLACE VIEW rpt.desk_var_trend AS
SELECT as_of_date,
       desk,
       SUM(var_99) AS desk_var_99
FROM mart.var_historical
GROUP BY as_of_date, desk;

-- 2: BAD on purpose: missing comma after desk and an unclosed parenthesis
CREATE TABLE rpt.broken_desk_summary AS
SELECT desk
       SUM(pnl_usd AS pnl_usd
FROM mart.daily_pnl
GROUP BY desk;

-- 3: good
CREATE OR REPLACE VIEW rpt.desk_pnl_trend AS
SELECT pnl_date,
       desk,
       SUM(pnl_usd) AS desk_pnl_usd
FROM mart.daily_pnl
GROUP BY pnl_date, desk;

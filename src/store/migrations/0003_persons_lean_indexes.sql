-- Every person row is written by bulk imports of up to millions of rows, and each index costs
-- each row. Breakdowns by home province and year read every row anyway (sequential scans), so
-- these two indexes only slowed imports down.
DROP INDEX IF EXISTS persons_home_province_idx;
DROP INDEX IF EXISTS persons_event_year_idx;

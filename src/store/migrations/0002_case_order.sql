-- The order of a case's events, acts and other lists as the documenter gave it (a route is read
-- in order): exports return them in this order.
ALTER TABLE events ADD COLUMN seq integer NOT NULL DEFAULT 0;
ALTER TABLE acts ADD COLUMN seq integer NOT NULL DEFAULT 0;
ALTER TABLE perpetrators ADD COLUMN seq integer NOT NULL DEFAULT 0;
ALTER TABLE involvements ADD COLUMN seq integer NOT NULL DEFAULT 0;
ALTER TABLE event_links ADD COLUMN seq integer NOT NULL DEFAULT 0;
ALTER TABLE information_sources ADD COLUMN seq integer NOT NULL DEFAULT 0;
ALTER TABLE interventions ADD COLUMN seq integer NOT NULL DEFAULT 0;
ALTER TABLE evidence_items ADD COLUMN seq integer NOT NULL DEFAULT 0;
ALTER TABLE element_assessments ADD COLUMN seq integer NOT NULL DEFAULT 0;

-- The case list shows an organisation's cases most recently changed first (src/server/case-search.ts):
-- with this index a page of the list is an index range scan, however many cases there are.
CREATE INDEX cases_organisation_updated_idx ON cases (organisation_id, updated_at DESC, id);

-- Browsing by violation, province and year within one organisation (src/server/case-search.ts):
-- the facets index of 0402 held no organisation, so a facet search found every organisation's
-- matches in it and either fetched them all to filter (other organisations' cases were most of
-- them) or intersected them with the organisation's whole range of cases_organisation_updated_idx
-- (322,741 entries read for one search of a million-case store). Here the organisation is one
-- more element of the indexed array, 'o:<organisation>', so the index alone finds the
-- organisation's matches. An expression index: no column to backfill or keep by triggers, and
-- `facets` itself (what the API shows and counts) is unchanged. It replaces 0402's index: every
-- facet search names its organisation.
CREATE INDEX cases_organisation_facets_idx ON cases
  USING gin (array_append(facets, 'o:' || organisation_id));
DROP INDEX cases_facets_idx;

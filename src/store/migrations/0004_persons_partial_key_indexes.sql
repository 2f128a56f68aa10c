-- Blind-index lookups are equalities (key = $1, key = ANY($1)), which imply the key is not null,
-- and most listed persons have no exact birth date or identity number (and some no name): the
-- NULL entries of these indexes served no lookup and cost every imported row. Partial indexes
-- keep every lookup and skip them (measured on 200,000 imported rows: 14% less PostgreSQL server
-- CPU for the COPY into persons, 5% less on PGlite).
DROP INDEX IF EXISTS persons_name_key_idx;
DROP INDEX IF EXISTS persons_birth_date_key_idx;
DROP INDEX IF EXISTS persons_id_number_key_idx;
CREATE INDEX persons_name_key_idx ON persons (name_key) WHERE name_key IS NOT NULL;
CREATE INDEX persons_birth_date_key_idx ON persons (birth_date_key) WHERE birth_date_key IS NOT NULL;
CREATE INDEX persons_id_number_key_idx ON persons (id_number_key) WHERE id_number_key IS NOT NULL;

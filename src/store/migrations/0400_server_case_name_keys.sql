-- Search of cases by a name in any script (src/server/name-keys.ts): each row is a keyed blind
-- index (HMAC under the organisation's index key) of a romanisation skeleton of the person's
-- names, so that 'Kim Sun-hee', 'Gim Sunhui', '金顺姬' and '김순희' meet without any name, or
-- any reversible form of one, in the database.
CREATE TABLE case_name_keys (
  case_id text NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
  key text NOT NULL,
  PRIMARY KEY (case_id, key)
);
CREATE INDEX case_name_keys_key_idx ON case_name_keys (key);

-- The coordinator of several organisations (domain.md section 2): combines the lists of several
-- organisations (record linkage, statistics) without reading any identity. Like an administrator
-- the role belongs to the installation, not to one organisation (src/protect/policy.ts).
ALTER TABLE users DROP CONSTRAINT users_role_check;
ALTER TABLE users ADD CONSTRAINT users_role_check
  CHECK (role IN ('administrator', 'coordinator', 'documenter', 'legal_officer', 'analyst', 'viewer'));
ALTER TABLE users DROP CONSTRAINT users_check;
ALTER TABLE users ADD CONSTRAINT users_organisation_check
  CHECK ((role IN ('administrator', 'coordinator')) = (organisation_id IS NULL));

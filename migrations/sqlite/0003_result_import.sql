-- Cohort result files: each imported row carries a key derived from its content, so running
-- the same file again records nothing twice.
alter table assessments add column import_key blob;
create unique index assessments_import_key on assessments (provider_id, import_key);

-- Signed documents (4-5 KB of JSON each) are compressed when stored. lz4 compresses them about
-- as well as the default pglz at a fraction of the CPU, which matters when a cohort import
-- writes thousands per second. Rows already stored keep their compression; a server built
-- without lz4 keeps pglz.
do $$
begin
    alter table credential_documents alter column body set compression lz4;
exception when feature_not_supported then
    null;
end $$;

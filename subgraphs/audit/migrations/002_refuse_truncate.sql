-- TRUNCATE fires no row-level triggers, so access_log_append_only (001) does not stop it, and an emptied table
-- verifies as a valid chain of 0 records. This statement-level trigger rejects TRUNCATE as well.
-- The table's owner can still disable both triggers. The hash has no key, so a cut tail, an emptied table and a
-- chain rewritten with recomputed hashes show only against a record id and hash noted outside the database
-- (pnpm audit:verify --anchor).
CREATE TRIGGER access_log_no_truncate
  BEFORE TRUNCATE ON audit.access_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit.refuse_change();

-- Fire under session_replication_role = replica as well, which logical replication and some restore tools set.
ALTER TABLE audit.access_log ENABLE ALWAYS TRIGGER access_log_append_only;
ALTER TABLE audit.access_log ENABLE ALWAYS TRIGGER access_log_no_truncate;

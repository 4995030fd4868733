-- The access log: one record per request and subgraph that touched personal data or was refused by an access
-- rule. Every subgraph appends to it through the kit; records form a hash chain (see subgraphs/kit/src/access).
CREATE TABLE audit.access_log (
  id bigint PRIMARY KEY CHECK (id > 0),
  recorded_at timestamptz NOT NULL,
  subgraph text NOT NULL,
  request_id text NOT NULL,
  city text NOT NULL,
  user_id text NOT NULL,
  user_name text NOT NULL,
  org_unit text NOT NULL,
  department text NOT NULL,
  roles text[] NOT NULL,
  purpose text,
  operation text,
  fields text[] NOT NULL,
  entity_ids text[] NOT NULL,
  row_count integer NOT NULL CHECK (row_count >= 0),
  disclosure text NOT NULL CHECK (disclosure IN ('RAW', 'MASKED', 'DENIED', 'MIXED')),
  reasons text[] NOT NULL,
  prev_hash text NOT NULL,
  hash text NOT NULL UNIQUE
);

CREATE INDEX access_log_recorded_at ON audit.access_log (recorded_at);
CREATE INDEX access_log_user ON audit.access_log (user_id, recorded_at);

-- Records are never changed or removed by the hub. The hash chain detects changes made by someone who turns this
-- trigger off.
CREATE FUNCTION audit.refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit.access_log is append-only';
END;
$$;

CREATE TRIGGER access_log_append_only
  BEFORE UPDATE OR DELETE ON audit.access_log
  FOR EACH ROW EXECUTE FUNCTION audit.refuse_change();

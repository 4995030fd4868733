-- The event workflow of the governance centres: reports and alerts become events (事件), the responsibility list
-- (职责清单) turns each event into tasks (任务) for departments, and every step is recorded (全程留痕).

-- Photos uploaded from the mobile report page. A photo belongs to its uploader until a report attaches it; photos
-- never attached are removed after a day by the workflow's background job.
CREATE TABLE governance.report_photos (
  id uuid PRIMARY KEY,
  uploaded_by text NOT NULL,
  content_type text NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png', 'image/webp')),
  byte_size integer NOT NULL CHECK (byte_size > 0),
  sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  bytes bytea NOT NULL,
  event_id text,
  uploaded_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX report_photos_event_id_idx ON governance.report_photos (event_id);
CREATE INDEX report_photos_unattached_idx ON governance.report_photos (uploaded_at) WHERE event_id IS NULL;

-- The responsibility list: one row per version of the rule of a category and severity. The newest version of a
-- category and severity is in force; older versions stay so that every task can name the rule it followed.
-- `severity` NULL is the rule for every severity without its own. `rule` is validated by the subgraph (zod):
-- handlers dispatched at once, hand-offs between departments, follow-up, notifications and escalation.
CREATE TABLE governance.responsibility_rules (
  id bigserial PRIMARY KEY,
  category text NOT NULL CHECK (category ~ '^[A-Z][A-Z_]{1,39}$'),
  severity text CHECK (severity IN ('MINOR', 'SERIOUS', 'CRITICAL')),
  version integer NOT NULL CHECK (version > 0),
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 100),
  rule jsonb NOT NULL,
  changed_by text NOT NULL,
  change_note text,
  changed_at timestamptz NOT NULL DEFAULT now(),
  retired boolean NOT NULL DEFAULT false,
  UNIQUE NULLS NOT DISTINCT (category, severity, version)
);

-- Events: what a grid worker reported or a camera flagged, in one org unit.
CREATE TABLE governance.events (
  id text PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 64),
  source text NOT NULL CHECK (source IN ('GRID_REPORT', 'VIDEO_ALERT', 'COMMAND')),
  category text NOT NULL CHECK (category ~ '^[A-Z][A-Z_]{1,39}$'),
  severity text NOT NULL CHECK (severity IN ('MINOR', 'SERIOUS', 'CRITICAL')),
  description text NOT NULL CHECK (length(description) BETWEEN 1 AND 2000),
  location geometry(Point, 4326) NOT NULL,
  -- The coordinate system the location arrived in and how it was taken (device GPS or picked on the map).
  input_crs text NOT NULL CHECK (input_crs IN ('WGS84', 'CGCS2000', 'GCJ02', 'BD09')),
  location_source text NOT NULL CHECK (location_source IN ('DEVICE', 'MAP', 'CAMERA')),
  -- Org unit the event belongs to: the reporter's grid, or the smallest unit containing the point.
  org_unit_code text NOT NULL CHECK (org_unit_code ~ '^[0-9]{6}([0-9]{3}){0,3}$'),
  status text NOT NULL CHECK (status IN ('REPORTED', 'DISPATCHED', 'IN_PROGRESS', 'RESOLVED', 'VERIFIED', 'CLOSED')),
  -- Why the point lies outside the reporter's grid; required by the subgraph in that case.
  outside_grid_reason text CHECK (length(outside_grid_reason) BETWEEN 2 AND 500),
  -- The classifier's proposal and its reason; the reporter may have chosen another category.
  proposed_category text,
  proposed_reason text,
  -- Flags the responsibility list reacts to, e.g. CHILD_NEEDS_AID.
  flags text[] NOT NULL DEFAULT '{}',
  reported_by text NOT NULL,
  reporter_name text NOT NULL,
  reporter_org_unit text NOT NULL,
  -- A retried submission with the same key returns the first event; the hash tells a retry from a different report.
  idempotency_key text CHECK (length(idempotency_key) BETWEEN 8 AND 128),
  request_hash text,
  -- Set for events from a camera alert: the police alert and incident they came from.
  external_ref text,
  reported_at timestamptz NOT NULL DEFAULT now(),
  closed_at timestamptz,
  CHECK ((idempotency_key IS NULL) = (request_hash IS NULL))
);

CREATE UNIQUE INDEX events_idempotency_idx ON governance.events (reported_by, idempotency_key)
  WHERE idempotency_key IS NOT NULL;
CREATE INDEX events_org_unit_reported_idx ON governance.events (org_unit_code text_pattern_ops, reported_at);
CREATE INDEX events_reported_at_idx ON governance.events (reported_at);
CREATE INDEX events_location_gix ON governance.events USING gist (location);

ALTER TABLE governance.report_photos
  ADD CONSTRAINT report_photos_event_fk FOREIGN KEY (event_id) REFERENCES governance.events (id);

-- Tasks: one department's share of an event, at one org unit level.
CREATE TABLE governance.tasks (
  id text PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 64),
  event_id text NOT NULL REFERENCES governance.events (id),
  department text NOT NULL CHECK (department ~ '^[a-z][a-z_]{1,39}$'),
  -- The unit whose department staff handle the task: the event's community, street or district.
  org_unit_code text NOT NULL CHECK (org_unit_code ~ '^[0-9]{6}([0-9]{3}){0,2}$'),
  role text NOT NULL CHECK (role IN ('LEAD', 'ASSIST', 'FOLLOW_UP', 'NOTIFIED')),
  status text NOT NULL CHECK (status IN (
    'DISPATCHED', 'ACCEPTED', 'IN_PROGRESS', 'RESOLVED', 'VERIFIED', 'CLOSED', 'RETURNED', 'TRANSFERRED', 'ESCALATED'
  )),
  -- The rule and step the task came from, so a later change of the list does not rewrite history.
  rule_id bigint REFERENCES governance.responsibility_rules (id),
  step text,
  -- The task this one continues after a transfer, escalation or return.
  previous_task_id text REFERENCES governance.tasks (id),
  deadline timestamptz NOT NULL,
  overdue_since timestamptz,
  dispatched_at timestamptz NOT NULL,
  accepted_at timestamptz,
  resolved_at timestamptz,
  closed_at timestamptz,
  reopened_count integer NOT NULL DEFAULT 0 CHECK (reopened_count >= 0),
  feedback text CHECK (length(feedback) <= 2000)
);

CREATE INDEX tasks_event_id_idx ON governance.tasks (event_id);
CREATE INDEX tasks_department_unit_idx ON governance.tasks (department, org_unit_code text_pattern_ops);
CREATE INDEX tasks_open_deadline_idx ON governance.tasks (deadline)
  WHERE status IN ('DISPATCHED', 'ACCEPTED', 'IN_PROGRESS');
CREATE INDEX tasks_dispatched_at_idx ON governance.tasks (dispatched_at);

-- The timeline (全程留痕): every transition of an event or task, with who, when, what and why. Append-only.
CREATE TABLE governance.event_timeline (
  id bigserial PRIMARY KEY,
  event_id text NOT NULL REFERENCES governance.events (id),
  task_id text REFERENCES governance.tasks (id),
  action text NOT NULL CHECK (action ~ '^[A-Z][A-Z_]{1,39}$'),
  from_status text,
  to_status text,
  actor_id text NOT NULL,
  actor_name text NOT NULL,
  actor_department text NOT NULL,
  actor_org_unit text NOT NULL,
  note text CHECK (length(note) <= 2000),
  details jsonb NOT NULL DEFAULT '{}',
  recorded_at timestamptz NOT NULL DEFAULT clock_timestamp()
);

CREATE INDEX event_timeline_event_idx ON governance.event_timeline (event_id, id);
CREATE INDEX event_timeline_task_idx ON governance.event_timeline (task_id);

CREATE FUNCTION governance.refuse_timeline_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'governance.event_timeline is append-only';
END;
$$;

CREATE TRIGGER event_timeline_append_only
  BEFORE UPDATE OR DELETE ON governance.event_timeline
  FOR EACH ROW EXECUTE FUNCTION governance.refuse_timeline_change();

-- Live updates: each written event or task is announced on `lianfang_live` as JSON (see docs/live-updates.md). A
-- statement that writes more than 50 rows, such as the demo seeder's, sends one BULK notice instead of one per row.
CREATE FUNCTION governance.notify_live() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  written integer;
  row_data record;
  kind text := TG_ARGV[0];
BEGIN
  SELECT count(*) INTO written FROM new_rows;
  IF written > 50 THEN
    PERFORM pg_notify('lianfang_live', json_build_object(
      'schema', 'governance', 'kind', kind, 'action', 'BULK', 'count', written)::text);
    RETURN NULL;
  END IF;
  IF kind = 'EVENT' THEN
    FOR row_data IN SELECT * FROM new_rows LOOP
      PERFORM pg_notify('lianfang_live', json_build_object(
        'schema', 'governance', 'kind', kind, 'action', TG_OP, 'id', row_data.id,
        'orgUnits', json_build_array(row_data.org_unit_code), 'status', row_data.status,
        'category', row_data.category)::text);
    END LOOP;
  ELSE
    FOR row_data IN
      SELECT t.id, t.org_unit_code, t.department, t.status, e.org_unit_code AS event_unit, e.category, t.event_id
      FROM new_rows t JOIN governance.events e ON e.id = t.event_id
    LOOP
      PERFORM pg_notify('lianfang_live', json_build_object(
        'schema', 'governance', 'kind', kind, 'action', TG_OP, 'id', row_data.id, 'eventId', row_data.event_id,
        'orgUnits', json_build_array(row_data.event_unit, row_data.org_unit_code),
        'department', row_data.department, 'status', row_data.status, 'category', row_data.category)::text);
    END LOOP;
  END IF;
  RETURN NULL;
END;
$$;

CREATE TRIGGER events_live_insert AFTER INSERT ON governance.events
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION governance.notify_live('EVENT');
CREATE TRIGGER events_live_update AFTER UPDATE ON governance.events
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION governance.notify_live('EVENT');
CREATE TRIGGER tasks_live_insert AFTER INSERT ON governance.tasks
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION governance.notify_live('TASK');
CREATE TRIGGER tasks_live_update AFTER UPDATE ON governance.tasks
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION governance.notify_live('TASK');

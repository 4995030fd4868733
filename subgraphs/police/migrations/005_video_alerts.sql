-- Video alerts (视频告警): camera analytics flag loitering, fighting, running or repeated entry; a new alert becomes
-- an incident at the camera, routed to the patrol zone that contains it.

-- Cameras (摄像头 / 卡口) whose analytics may send alerts.
CREATE TABLE police.cameras (
  id text PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 64),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  location geometry(Point, 4326) NOT NULL,
  -- Community org unit code. Org units belong to the governance department, so this is a key, not a foreign key.
  org_unit_code text NOT NULL CHECK (org_unit_code ~ '^[0-9]{12}$'),
  installed_at timestamptz NOT NULL
);

CREATE INDEX cameras_org_unit_code_prefix_idx ON police.cameras (org_unit_code text_pattern_ops);
CREATE INDEX cameras_location_gix ON police.cameras USING gist (location);

-- Incidents record where they came from and the patrol zone they were routed to. Rows from before this migration
-- and incidents entered by the reception desk (接警) keep the default.
ALTER TABLE police.incidents
  ADD COLUMN source text NOT NULL DEFAULT 'RECEPTION' CHECK (source IN ('RECEPTION', 'VIDEO')),
  ADD COLUMN patrol_zone_id text;

-- One alert per camera, kind and burst of detections: a detection within the dedupe window of an alert's span
-- merges into it. `camera_id`, `incident_id` and `patrol_zone_id` are plain keys rather than foreign keys, because
-- the demo and test tools truncate and reload cameras, incidents and patrol zones, which a reference from here would
-- block. The ingestion mutation is the only writer and checks each key.
CREATE TABLE police.video_alerts (
  id text PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 64),
  camera_id text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('LOITERING', 'FIGHTING', 'RUNNING', 'REPEATED_ENTRY')),
  -- The camera's community, copied so that jurisdiction filters need no join.
  org_unit_code text NOT NULL CHECK (org_unit_code ~ '^[0-9]{12}$'),
  first_detected_at timestamptz NOT NULL,
  last_detected_at timestamptz NOT NULL CHECK (last_detected_at >= first_detected_at),
  detections integer NOT NULL CHECK (detections >= 1),
  max_confidence double precision NOT NULL CHECK (max_confidence BETWEEN 0 AND 1),
  -- Longest duration the analytics reported, e.g. how long a person has loitered.
  duration_seconds integer CHECK (duration_seconds >= 0),
  incident_id text NOT NULL,
  patrol_zone_id text,
  -- Distance from the camera to the zone in metres: 0 when the zone covers the camera, NULL without a zone.
  routing_distance_metres double precision CHECK (routing_distance_metres >= 0),
  routing_note text NOT NULL CHECK (length(routing_note) BETWEEN 1 AND 500),
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX video_alerts_camera_kind_idx ON police.video_alerts (camera_id, kind, last_detected_at DESC);
CREATE INDEX video_alerts_org_unit_prefix_idx ON police.video_alerts (org_unit_code text_pattern_ops, last_detected_at);
CREATE UNIQUE INDEX video_alerts_incident_id_idx ON police.video_alerts (incident_id);
CREATE INDEX video_alerts_patrol_zone_idx ON police.video_alerts (patrol_zone_id, last_detected_at);

-- The analytics systems' own ids of the detections received, per sending account, so that a resent detection
-- returns its first outcome and writes nothing.
CREATE TABLE police.video_alert_external_ids (
  sent_by text NOT NULL CHECK (length(sent_by) BETWEEN 1 AND 128),
  external_id text NOT NULL CHECK (length(external_id) BETWEEN 1 AND 128),
  alert_id text NOT NULL REFERENCES police.video_alerts (id),
  camera_id text NOT NULL,
  kind text NOT NULL,
  detected_at timestamptz NOT NULL,
  -- Whether the detection merged into an existing alert rather than creating it.
  merged boolean NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (sent_by, external_id)
);

CREATE INDEX video_alert_external_ids_alert_idx ON police.video_alert_external_ids (alert_id);

-- Live updates: each written incident is announced on `lianfang_live` as JSON, like the governance events. A
-- statement that writes more than 50 rows, such as a batch of the demo seeder, sends one BULK notice instead.
CREATE FUNCTION police.notify_live() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  written integer;
  row_data record;
BEGIN
  SELECT count(*) INTO written FROM new_rows;
  IF written = 0 THEN
    RETURN NULL;
  END IF;
  IF written > 50 THEN
    PERFORM pg_notify('lianfang_live', json_build_object(
      'schema', 'police', 'kind', 'INCIDENT', 'action', 'BULK', 'count', written)::text);
    RETURN NULL;
  END IF;
  FOR row_data IN SELECT id, org_unit_code, status, category FROM new_rows LOOP
    PERFORM pg_notify('lianfang_live', json_build_object(
      'schema', 'police', 'kind', 'INCIDENT', 'action', TG_OP, 'id', row_data.id,
      'orgUnits', json_build_array(row_data.org_unit_code), 'status', row_data.status,
      'category', row_data.category)::text);
  END LOOP;
  RETURN NULL;
END;
$$;

CREATE TRIGGER incidents_live_insert AFTER INSERT ON police.incidents
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION police.notify_live();
CREATE TRIGGER incidents_live_update AFTER UPDATE ON police.incidents
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION police.notify_live();

-- Standard addresses (标准地址), the key that population, housing and organisations hang on (一标三实).
CREATE TABLE police.addresses (
  id text PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 64),
  text text NOT NULL CHECK (length(text) BETWEEN 1 AND 200),
  -- Community org unit code. Org units belong to the governance department, so this is a key, not a foreign key.
  community_code text NOT NULL CHECK (community_code ~ '^[0-9]{12}$'),
  location geometry(Point, 4326) NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX addresses_location_gix ON police.addresses USING gist (location);
-- Radius queries cast to geography so that distances are metres on the ellipsoid; this index serves them.
CREATE INDEX addresses_location_geog_gix ON police.addresses USING gist ((location::geography));
CREATE INDEX addresses_community_code_idx ON police.addresses (community_code);

-- Incidents (警情) recorded by the police.
CREATE TABLE police.incidents (
  id text PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 64),
  category text NOT NULL,
  occurred_at timestamptz NOT NULL,
  status text NOT NULL CHECK (status IN ('REPORTED', 'DISPATCHED', 'HANDLING', 'CLOSED')),
  org_unit_code text NOT NULL CHECK (org_unit_code ~ '^[0-9]{6}([0-9]{3}){0,3}$'),
  address_id text REFERENCES police.addresses (id),
  location geometry(Point, 4326) NOT NULL
);

CREATE INDEX incidents_location_gix ON police.incidents USING gist (location);
CREATE INDEX incidents_location_geog_gix ON police.incidents USING gist ((location::geography));
CREATE INDEX incidents_org_unit_occurred_idx ON police.incidents (org_unit_code, occurred_at);

-- Border zones (交界地带) shared by two neighbouring cities, and the incidents each city shares into them.
CREATE TABLE crossborder.border_zones (
  id text PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 64),
  name text NOT NULL,
  -- Division codes of the two districts on either side of the boundary.
  district_codes text[] NOT NULL CHECK (cardinality(district_codes) = 2),
  band_width_m integer NOT NULL CHECK (band_width_m BETWEEN 100 AND 20000),
  band geometry(MultiPolygon, 4326) NOT NULL CHECK (ST_IsValid(band))
);

CREATE INDEX border_zones_band_gix ON crossborder.border_zones USING gist (band);

CREATE TABLE crossborder.shared_incidents (
  id text PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 64),
  zone_id text NOT NULL REFERENCES crossborder.border_zones (id),
  -- District division code of the city that shared the incident.
  source_district_code text NOT NULL CHECK (source_district_code ~ '^[0-9]{6}$'),
  category text NOT NULL,
  occurred_at timestamptz NOT NULL,
  location geometry(Point, 4326) NOT NULL,
  shared_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX shared_incidents_location_gix ON crossborder.shared_incidents USING gist (location);
CREATE INDEX shared_incidents_zone_occurred_idx ON crossborder.shared_incidents (zone_id, occurred_at);

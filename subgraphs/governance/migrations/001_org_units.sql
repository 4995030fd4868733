-- Org units of the governance centres (综治中心): district, street, community and grid, with their boundaries.
-- Codes follow the administrative division code: 6 digits for a district (GB/T 2260), 9 for a street and 12 for a
-- community; a grid adds a 3-digit serial to its community's code.
CREATE TABLE governance.org_units (
  code text PRIMARY KEY CHECK (code ~ '^[0-9]{6}([0-9]{3}){0,3}$'),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  level text NOT NULL CHECK (level IN ('DISTRICT', 'STREET', 'COMMUNITY', 'GRID')),
  parent_code text REFERENCES governance.org_units (code),
  -- Prefecture-level city of a district (e.g. 苏州市); null below district level.
  city_name text,
  boundary geometry(MultiPolygon, 4326),
  centroid geometry(Point, 4326) GENERATED ALWAYS AS (ST_Centroid(boundary)) STORED,
  -- True while the boundary is a generated approximation rather than an authoritative one.
  approximate boolean NOT NULL DEFAULT true,
  boundary_source text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((level = 'DISTRICT') = (parent_code IS NULL)),
  CHECK (length(code) = CASE level WHEN 'DISTRICT' THEN 6 WHEN 'STREET' THEN 9 WHEN 'COMMUNITY' THEN 12 ELSE 15 END),
  CHECK (parent_code IS NULL OR left(code, length(parent_code)) = parent_code),
  CHECK (boundary IS NULL OR ST_IsValid(boundary))
);

CREATE INDEX org_units_boundary_gix ON governance.org_units USING gist (boundary);
CREATE INDEX org_units_centroid_gix ON governance.org_units USING gist (centroid);
CREATE INDEX org_units_parent_code_idx ON governance.org_units (parent_code);

-- One row per successful boundary import, with the report shown to the operator.
CREATE TABLE governance.boundary_imports (
  id bigserial PRIMARY KEY,
  source_name text NOT NULL,
  input_crs text NOT NULL CHECK (input_crs IN ('WGS84', 'GCJ02', 'BD09')),
  feature_count integer NOT NULL,
  repaired_count integer NOT NULL,
  report jsonb NOT NULL,
  imported_at timestamptz NOT NULL DEFAULT now()
);

-- Registered premises of each enterprise, for map and jurisdiction queries.
ALTER TABLE market.enterprises
  ADD COLUMN community_code text NOT NULL CHECK (community_code ~ '^[0-9]{12}$'),
  ADD COLUMN location geometry(Point, 4326) NOT NULL;

CREATE INDEX enterprises_location_gix ON market.enterprises USING gist (location);
CREATE INDEX enterprises_community_code_prefix_idx ON market.enterprises (community_code text_pattern_ops);

-- The registration records where the rental is, so housing can answer map and jurisdiction queries itself.
ALTER TABLE housing.rentals
  ADD COLUMN community_code text NOT NULL CHECK (community_code ~ '^[0-9]{12}$'),
  ADD COLUMN location geometry(Point, 4326) NOT NULL;

CREATE INDEX rentals_location_gix ON housing.rentals USING gist (location);
CREATE INDEX rentals_community_code_prefix_idx ON housing.rentals (community_code text_pattern_ops);

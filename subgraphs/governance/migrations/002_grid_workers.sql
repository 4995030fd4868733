-- Grid workers (网格员): each walks one grid.
CREATE TABLE governance.grid_workers (
  id text PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 64),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 50),
  phone text NOT NULL CHECK (phone ~ '^1[3-9][0-9]{9}$'),
  grid_code text NOT NULL REFERENCES governance.org_units (code)
);

CREATE INDEX grid_workers_grid_code_idx ON governance.grid_workers (grid_code);

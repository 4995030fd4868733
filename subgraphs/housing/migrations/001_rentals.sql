-- Rental housing registrations (出租房屋) kept by the housing department, keyed by the police standard address id.
CREATE TABLE housing.rentals (
  id text PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 64),
  address_id text NOT NULL,
  rooms integer NOT NULL CHECK (rooms BETWEEN 1 AND 500),
  tenants integer NOT NULL CHECK (tenants BETWEEN 0 AND 2000),
  -- Subdivided rental (群租/隔断): rooms split into more rented units than the layout allows.
  subdivided boolean NOT NULL,
  landlord_name text NOT NULL,
  landlord_phone text NOT NULL,
  inspection_state text NOT NULL CHECK (inspection_state IN ('NOT_INSPECTED', 'PASSED', 'RECTIFYING', 'FAILED')),
  registered_on date NOT NULL
);

CREATE INDEX rentals_address_id_idx ON housing.rentals (address_id);

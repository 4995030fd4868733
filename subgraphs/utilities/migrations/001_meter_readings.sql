-- Monthly meter readings per standard address (the police address id).
CREATE TABLE utilities.meter_readings (
  address_id text NOT NULL,
  -- First day of the month the reading covers.
  month date NOT NULL CHECK (extract(day FROM month) = 1),
  electricity_kwh numeric(12, 1) NOT NULL CHECK (electricity_kwh >= 0),
  water_m3 numeric(10, 1) NOT NULL CHECK (water_m3 >= 0),
  -- Household type used to compare a home with similar homes.
  household_type text NOT NULL,
  PRIMARY KEY (address_id, month)
);

CREATE INDEX meter_readings_type_month_idx ON utilities.meter_readings (household_type, month);

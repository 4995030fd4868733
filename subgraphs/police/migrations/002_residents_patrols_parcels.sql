-- Registered residents (实有人口) of each standard address. ID numbers and phones are personal data: the API masks
-- them unless the caller's role allows the raw value.
CREATE TABLE police.residents (
  id text PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 64),
  address_id text NOT NULL REFERENCES police.addresses (id),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 50),
  -- Resident ID number (公民身份号码), 18 characters with the GB 11643 check character.
  id_number text NOT NULL CHECK (id_number ~ '^[0-9]{17}[0-9X]$'),
  phone text CHECK (phone ~ '^1[3-9][0-9]{9}$'),
  registered_on date NOT NULL,
  -- Permanent (户籍) or floating (流动) population.
  residence_type text NOT NULL CHECK (residence_type IN ('PERMANENT', 'FLOATING'))
);

CREATE INDEX residents_address_id_idx ON police.residents (address_id);

-- Patrol zones (巡逻区) with the unit and shift that patrols them.
CREATE TABLE police.patrol_zones (
  id text PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 64),
  name text NOT NULL,
  -- Street org unit code the zone belongs to.
  org_unit_code text NOT NULL CHECK (org_unit_code ~ '^[0-9]{9}$'),
  unit_name text NOT NULL,
  shift text NOT NULL CHECK (shift IN ('DAY', 'NIGHT', 'ALL_DAY')),
  zone geometry(MultiPolygon, 4326) NOT NULL CHECK (ST_IsValid(zone))
);

CREATE INDEX patrol_zones_zone_gix ON police.patrol_zones USING gist (zone);
CREATE INDEX patrol_zones_org_unit_code_idx ON police.patrol_zones (org_unit_code);

-- Monthly parcel deliveries per address, reported under the real-name delivery rules (寄递实名制).
CREATE TABLE police.parcel_deliveries (
  address_id text NOT NULL REFERENCES police.addresses (id),
  month date NOT NULL CHECK (extract(day FROM month) = 1),
  parcels integer NOT NULL CHECK (parcels >= 0),
  PRIMARY KEY (address_id, month)
);

-- Org unit codes are hierarchical prefixes, so a unit and everything below it is one prefix match.
CREATE INDEX incidents_org_unit_code_prefix_idx ON police.incidents (org_unit_code text_pattern_ops);
CREATE INDEX addresses_community_code_prefix_idx ON police.addresses (community_code text_pattern_ops);

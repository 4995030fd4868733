-- Sharing agreements with partner cities: which fields of this subgraph a partner city's gateway may request, for
-- what purpose, how long the incidents it shares are kept, and when the agreement is valid. Production starts with
-- no agreement, so a partner city is refused until a district commander records one; the demo data adds one.
CREATE TABLE crossborder.sharing_agreements (
  -- City id of the partner's gateway, the issuer of its signed claims (e.g. jiaxing).
  partner_city text PRIMARY KEY CHECK (partner_city ~ '^[a-z][a-z0-9-]{1,31}$'),
  partner_name text NOT NULL CHECK (length(partner_name) BETWEEN 1 AND 100),
  -- The partner's districts: incidents shared with one of them as source district belong to the partner.
  district_codes text[] NOT NULL CHECK (cardinality(district_codes) BETWEEN 1 AND 20),
  -- Field coordinates the partner may select, e.g. Query.borderZones, SharedIncident.category.
  allowed_fields text[] NOT NULL CHECK (cardinality(allowed_fields) >= 1),
  purpose text NOT NULL CHECK (length(purpose) BETWEEN 2 AND 100),
  retention_days integer NOT NULL CHECK (retention_days BETWEEN 1 AND 3650),
  valid_from timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by text NOT NULL,
  CHECK (expires_at > valid_from)
);

-- One row per run of the retention job and partner: what it destroyed, so the destruction can be shown later.
CREATE TABLE crossborder.retention_log (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  ran_at timestamptz NOT NULL,
  partner_city text NOT NULL,
  retention_days integer NOT NULL,
  -- Rows shared before this time were deleted.
  cutoff timestamptz NOT NULL,
  deleted_count integer NOT NULL CHECK (deleted_count >= 0),
  deleted_ids text[] NOT NULL,
  -- What started the run: the subgraph's schedule or the crossborder:retention command.
  started_by text NOT NULL CHECK (started_by IN ('schedule', 'command'))
);

CREATE INDEX retention_log_partner_ran_at_idx ON crossborder.retention_log (partner_city, ran_at);
CREATE INDEX shared_incidents_source_shared_at_idx ON crossborder.shared_incidents (source_district_code, shared_at);

-- The unit where a shared incident happened (its district or a unit below it), so that users below district level
-- see only the shared incidents of their own unit. Rows shared without it are visible at district level only.
ALTER TABLE crossborder.shared_incidents
  ADD COLUMN org_unit_code text CHECK (
    org_unit_code ~ '^[0-9]{6}([0-9]{3}){0,3}$' AND left(org_unit_code, 6) = incident_district_code
  );

CREATE INDEX shared_incidents_org_unit_code_idx ON crossborder.shared_incidents (org_unit_code text_pattern_ops);

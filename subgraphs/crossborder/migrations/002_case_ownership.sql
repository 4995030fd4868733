-- Case ownership across the border: the police of the place of the incident lead, the police of the suspect's
-- residence assist. Both district codes are kept so the rule can be applied and audited.
ALTER TABLE crossborder.shared_incidents
  ADD COLUMN incident_district_code text NOT NULL CHECK (incident_district_code ~ '^[0-9]{6}$'),
  ADD COLUMN suspect_residence_district_code text CHECK (suspect_residence_district_code ~ '^[0-9]{6}$');

-- Shared incidents use the police incident categories, which the API exposes as a closed enum; a value outside the
-- list would make every query that returns the row fail, so the constraint rejects it at insert time instead.
ALTER TABLE crossborder.shared_incidents
  ADD CONSTRAINT shared_incidents_category_check CHECK (
    category IN ('THEFT', 'FRAUD', 'FIGHT', 'DISPUTE', 'NOISE', 'FIRE_HAZARD', 'TRAFFIC', 'DRUGS', 'GAMBLING', 'OTHER')
  );

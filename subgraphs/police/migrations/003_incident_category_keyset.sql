-- The API exposes incident categories as a closed enum, so a value outside the list would make every query that
-- returns the row fail; the constraint rejects it at insert time instead.
ALTER TABLE police.incidents
  ADD CONSTRAINT incidents_category_check CHECK (
    category IN ('THEFT', 'FRAUD', 'FIGHT', 'DISPUTE', 'NOISE', 'FIRE_HAZARD', 'TRAFFIC', 'DRUGS', 'GAMBLING', 'OTHER')
  );

-- Incident lists are keyset pages on (occurred_at DESC, id DESC); a district-wide list matches most rows, so it
-- walks this index instead of sorting.
CREATE INDEX incidents_occurred_at_id_idx ON police.incidents (occurred_at DESC, id DESC);

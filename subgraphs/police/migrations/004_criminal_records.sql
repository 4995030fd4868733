-- Criminal records (违法犯罪记录) of registered residents: decided offences with the deciding authority. Only the
-- police read them, with a declared purpose; the API refuses the field to every other caller.
CREATE TABLE police.criminal_records (
  id text PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 64),
  resident_id text NOT NULL REFERENCES police.residents (id),
  offence text NOT NULL CHECK (length(offence) BETWEEN 1 AND 200),
  -- Date of the judgment or administrative penalty decision.
  decided_on date NOT NULL,
  -- Court or public security organ that decided, e.g. 苏州市吴江区人民法院.
  authority text NOT NULL CHECK (length(authority) BETWEEN 1 AND 100)
);

CREATE INDEX criminal_records_resident_id_idx ON police.criminal_records (resident_id);

-- Enterprises registered with market regulation, keyed by the unified social credit code (统一社会信用代码).
CREATE TABLE market.enterprises (
  credit_code text PRIMARY KEY CHECK (credit_code ~ '^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$'),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  status text NOT NULL CHECK (status IN ('OPERATING', 'ABNORMAL', 'NEVER_OPERATED', 'REVOKED')),
  address_id text NOT NULL,
  registered_on date NOT NULL
);

CREATE INDEX enterprises_address_id_idx ON market.enterprises (address_id);

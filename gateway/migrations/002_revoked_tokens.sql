-- Login tokens ended before their expiry by POST /auth/logout. Gateway replicas share this table, so a token
-- revoked through one is rejected by all. A row is needed only until the token expires; logouts delete older rows.
CREATE TABLE access.revoked_tokens (
  jti text PRIMARY KEY CHECK (length(jti) BETWEEN 1 AND 64),
  username text NOT NULL,
  expires_at timestamptz NOT NULL,
  revoked_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX revoked_tokens_expires_at ON access.revoked_tokens (expires_at);

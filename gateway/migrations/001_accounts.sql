-- Local accounts of the hub, for deployments without an OIDC identity provider and for the embedded default.
-- Passwords are stored as Argon2id hashes only.
CREATE TABLE access.accounts (
  username text PRIMARY KEY CHECK (username ~ '^[a-z][a-z0-9._-]{2,31}$'),
  display_name text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 64),
  password_hash text NOT NULL,
  level text NOT NULL CHECK (level IN ('DISTRICT', 'STREET', 'COMMUNITY', 'GRID')),
  org_unit text NOT NULL CHECK (org_unit ~ '^[0-9]{6}([0-9]{3}){0,3}$'),
  department text NOT NULL,
  roles text[] NOT NULL CHECK (cardinality(roles) > 0),
  disabled boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  password_changed_at timestamptz NOT NULL DEFAULT now()
);

import type { Database, Logger } from '@lianfang/db';
import { type Identity, identitySchema } from '@lianfang/subgraph-kit';
import { hash, verify } from '@node-rs/argon2';
import { z } from 'zod';

/** Local accounts (`access.accounts`) with Argon2id password hashes. */

export const usernameSchema = z.string().regex(/^[a-z][a-z0-9._-]{2,31}$/);
/** Passwords of 10 to 128 characters; length, not composition, is what resists guessing. */
export const passwordSchema = z.string().min(10).max(128);

export interface Account extends Identity {
  /** Local accounts use the user name as `sub`. */
  sub: string;
}

interface AccountRow {
  username: string;
  display_name: string;
  password_hash: string;
  level: string;
  org_unit: string;
  department: string;
  roles: string[];
  disabled: boolean;
}

export class AccountStore {
  // Verified against when the user name is unknown, so a wrong name takes as long as a wrong password.
  #decoy: Promise<string> | undefined;

  constructor(
    private readonly database: Database,
    private readonly logger: Logger,
  ) {}

  /** Returns the identity of an enabled account whose password matches, else undefined. */
  async authenticate(username: string, password: string): Promise<Identity | undefined> {
    const { rows } = await this.database.query<AccountRow>('SELECT * FROM access.accounts WHERE username = $1', [
      username,
    ]);
    const row = rows[0];
    if (!row) {
      this.#decoy ??= hash('decoy password that matches nothing');
      await verify(await this.#decoy, password);
      return undefined;
    }
    if (!(await verify(row.password_hash, password)) || row.disabled) return undefined;
    const identity = identitySchema.safeParse({
      sub: row.username,
      name: row.display_name,
      level: row.level,
      orgUnit: row.org_unit,
      department: row.department,
      roles: row.roles,
    });
    if (!identity.success) {
      this.logger.error({ username, issues: identity.error.issues }, 'account row is invalid; login refused');
      return undefined;
    }
    return identity.data;
  }

  /** Creates or replaces an account. */
  async save(account: Account, password: string): Promise<void> {
    const identity = identitySchema.parse(account);
    usernameSchema.parse(identity.sub);
    passwordSchema.parse(password);
    await this.database.query(
      `INSERT INTO access.accounts (username, display_name, password_hash, level, org_unit, department, roles)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (username) DO UPDATE SET display_name = $2, password_hash = $3, level = $4, org_unit = $5,
         department = $6, roles = $7, disabled = false, password_changed_at = now()`,
      [
        identity.sub,
        identity.name,
        await hash(password),
        identity.level,
        identity.orgUnit,
        identity.department,
        identity.roles,
      ],
    );
  }

  async exists(username: string): Promise<boolean> {
    const { rows } = await this.database.query('SELECT 1 FROM access.accounts WHERE username = $1', [username]);
    return rows.length > 0;
  }
}

/** Starts a hub of 吴江区 on a private copy of a database template, with every port chosen by the system. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '@lianfang/db';
import { type GatewayAccess, prepareGatewayAccess } from '@lianfang/gateway';
import { CITIES, type HubOptions, type RunningHub, startHub } from '@lianfang/hub';
import { type Identity, loadOrCreateKeyPair } from '@lianfang/subgraph-kit';
import { DEFAULT_IDENTITY } from './access.js';
import { copyTemplate } from './database.js';

export interface TestHub {
  hub: RunningHub;
  /** `Authorization` header of a token of the hub for `identity` (default: a district police analyst). */
  auth(identity?: Identity): Promise<Record<string, string>>;
  /**
   * Access settings (no rate limit) of a second gateway in front of the hub's subgraphs: it signs claims with the
   * hub's key, so the subgraphs accept them, and accepts the tokens of `auth`. With `withDatabase`, it also reads
   * the hub's accounts and revoked tokens, so logout works at that gateway.
   */
  gatewayAccess(options?: { withDatabase?: boolean }): Promise<GatewayAccess>;
  /** Stops the hub and deletes its database copy. */
  stop(): Promise<void>;
}

export async function startTestHub(
  demo: HubOptions['demo'],
  options: Partial<Pick<HubOptions, 'rateLimitPerMinute' | 'responseCacheMiB'>> = {},
): Promise<TestHub> {
  const copy = await copyTemplate('seeded');
  const keysDir = mkdtempSync(join(tmpdir(), 'lianfang-keys-'));
  try {
    const hub = await startHub({
      keysDir,
      rateLimitPerMinute: 0,
      ...options,
      city: CITIES.wujiang,
      demo,
      database: { databaseUrl: copy.env.DATABASE_URL || undefined, dataDir: copy.env.LIANFANG_DATA_DIR, poolSize: 4 },
      port: 0,
      subgraphPortBase: 0,
      logger: createLogger('test'),
    });
    const tokens = new Map<string, string>();
    return {
      hub,
      async auth(identity = DEFAULT_IDENTITY) {
        const key = JSON.stringify(identity);
        let token = tokens.get(key);
        if (!token) {
          token = await hub.issueToken(identity);
          tokens.set(key, token);
        }
        return { authorization: `Bearer ${token}` };
      },
      async gatewayAccess({ withDatabase = false } = {}) {
        const keyPair = await loadOrCreateKeyPair(keysDir, CITIES.wujiang.id);
        const database = withDatabase ? hub.database : undefined;
        return prepareGatewayAccess({ keyPair, database, rateLimitPerMinute: 0, logger: createLogger('test') });
      },
      async stop() {
        await hub.stop();
        await copy.remove();
        rmSync(keysDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await copy.remove();
    rmSync(keysDir, { recursive: true, force: true });
    throw error;
  }
}

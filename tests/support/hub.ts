/** Starts a hub of 吴江区 on a private copy of a database template, with every port chosen by the system. */
import { createLogger } from '@lianfang/db';
import { CITIES, type HubOptions, type RunningHub, startHub } from '@lianfang/hub';
import { copyTemplate } from './database.js';

export interface TestHub {
  hub: RunningHub;
  /** Stops the hub and deletes its database copy. */
  stop(): Promise<void>;
}

export async function startTestHub(demo: HubOptions['demo']): Promise<TestHub> {
  const copy = await copyTemplate('seeded');
  try {
    const hub = await startHub({
      city: CITIES.wujiang,
      demo,
      database: { databaseUrl: copy.env.DATABASE_URL || undefined, dataDir: copy.env.LIANFANG_DATA_DIR, poolSize: 4 },
      port: 0,
      subgraphPortBase: 0,
      logger: createLogger('test'),
    });
    return {
      hub,
      async stop() {
        await hub.stop();
        await copy.remove();
      },
    };
  } catch (error) {
    await copy.remove();
    throw error;
  }
}

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type Database,
  type DatabaseOptions,
  type DemoOptions,
  discoverMigrationSets,
  type Logger,
  loadJurisdictions,
  migrate,
  openDatabase,
  seedDemoData,
  workspaceRoot,
} from '@lianfang/db';
import {
  ACCESS_MIGRATIONS,
  AccountStore,
  type BasemapConfig,
  type OidcOptions,
  prepareGatewayAccess,
  type RunningGateway,
  seedDemoAccounts,
  serveWebApp,
  startGateway,
} from '@lianfang/gateway';
import { auditSubgraph } from '@lianfang/subgraph-audit';
import { crossborderSubgraph, seedDemoAgreements } from '@lianfang/subgraph-crossborder';
import { governanceSubgraph } from '@lianfang/subgraph-governance';
import { housingSubgraph } from '@lianfang/subgraph-housing';
import {
  ClaimsVerifier,
  type Identity,
  loadOrCreateKeyPair,
  loadPublicKeys,
  type RunningSubgraph,
  type SubgraphDefinition,
  startSubgraphServer,
} from '@lianfang/subgraph-kit';
import { marketSubgraph } from '@lianfang/subgraph-market';
import { policeSubgraph } from '@lianfang/subgraph-police';
import { utilitiesSubgraph } from '@lianfang/subgraph-utilities';
import { CITIES, type CityProfile } from './cities.js';
import { shareBorderIncidents } from './share.js';

/** The department subgraphs of a hub, in start order; a subgraph's port is the base plus its position. */
export const HUB_SUBGRAPHS: SubgraphDefinition[] = [
  governanceSubgraph,
  policeSubgraph,
  housingSubgraph,
  marketSubgraph,
  utilitiesSubgraph,
  crossborderSubgraph,
  auditSubgraph,
];

export interface HubOptions {
  city: CityProfile;
  /** URLs of the subgraphs this city composes from another hub, by name. */
  remoteSubgraphUrls?: Record<string, string>;
  /** Demo data to generate on first start; `false` leaves the department tables empty. */
  demo: false | Omit<DemoOptions, 'districts'>;
  database?: DatabaseOptions;
  /** Gateway port; the subgraphs take `subgraphPortBase + 1`, `+ 2`… (0 lets the system choose every port). */
  port: number;
  subgraphPortBase: number;
  host?: string;
  supergraphFile?: string;
  /** External raster basemap offered by the map; none by default, so the map needs no network. */
  basemap?: BasemapConfig | null;
  /** Size of the gateway's response cache in MiB (default 64); 0 turns it off. */
  responseCacheMiB?: number;
  /**
   * Folder of the gateways' claims keys (default `.data/keys`): the city's key pair is created there on first start,
   * and the cross-border subgraph trusts every partner city's public key found there, also one added later (the
   * folder is read again for an unknown city's key, at most every 5 seconds).
   */
  keysDir?: string;
  /** OIDC provider whose tokens the gateway accepts besides local logins. */
  oidc?: OidcOptions;
  /** GraphQL requests allowed per user and minute (default 600); 0 turns the limit off. */
  rateLimitPerMinute?: number;
  logger: Logger;
}

export interface RunningHub {
  database: Database;
  /** Issues an access token of this hub's gateway for `identity`, as a login would. */
  issueToken(identity: Identity): Promise<string>;
  gateway: RunningGateway;
  subgraphs: Map<string, RunningSubgraph>;
  /** Stops one subgraph's server, as if its process died; the gateway keeps running. */
  stopSubgraph(name: string): Promise<void>;
  /** Starts a stopped subgraph again on the same port. */
  startSubgraph(name: string): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts a hub in one process. It opens the database once, because the embedded one takes about 1 GB and every
 * subgraph in the process shares it. Then it applies migrations, loads jurisdiction and demo data on first start,
 * and starts each department subgraph on its own port and the gateway on the committed supergraph.
 */
export async function startHub(options: HubOptions): Promise<RunningHub> {
  const { logger } = options;
  const database = await openDatabase(options.database, logger);
  await migrate(database, [...discoverMigrationSets(join(workspaceRoot, 'subgraphs')), ACCESS_MIGRATIONS], logger);
  await loadJurisdictions(database, logger);
  if (options.demo) {
    await seedDemoData(database, logger, { districts: options.city.districts, ...options.demo });
    const district = options.city.districts[0] as string;
    await seedDemoAccounts(new AccountStore(database, logger), district, options.city.accountPrefix, logger);
    if (!('crossborder' in options.city.remoteSubgraphs)) {
      await seedDemoAgreements(database, partnerCities(options.city), logger);
    }
  }
  const keysDir = options.keysDir ?? process.env.LIANFANG_KEYS_DIR ?? join(workspaceRoot, '.data', 'keys');
  const keyPair = await loadOrCreateKeyPair(keysDir, options.city.id);
  const ownVerifier = await ClaimsVerifier.of({ [options.city.id]: keyPair.publicJwk });
  // The cross-border subgraph answers partner cities' gateways too, under the sharing agreements. A partner hub
  // that starts later writes its key to the folder then, so unknown key ids make the verifier read it again.
  const partnerVerifier = await ClaimsVerifier.of(
    { ...loadPublicKeys(keysDir), [options.city.id]: keyPair.publicJwk },
    { reload: () => loadPublicKeys(keysDir) },
  );

  const host = options.host ?? '127.0.0.1';
  const ports = new Map<string, number>();
  const subgraphs = new Map<string, RunningSubgraph>();
  const startOne = async (definition: SubgraphDefinition, index: number) => {
    const port =
      ports.get(definition.name) ?? (options.subgraphPortBase === 0 ? 0 : options.subgraphPortBase + index + 1);
    const verifier = definition.name === 'crossborder' ? partnerVerifier : ownVerifier;
    const access = { city: options.city.id, verifier };
    const running = await startSubgraphServer({ definition, database, logger, port, host, access });
    ports.set(definition.name, Number(new URL(running.url).port));
    subgraphs.set(definition.name, running);
  };
  const remote = options.city.remoteSubgraphs;
  for (const [index, definition] of HUB_SUBGRAPHS.entries()) {
    if (!(definition.name in remote)) await startOne(definition, index);
  }

  const access = await prepareGatewayAccess({
    keyPair,
    database,
    oidc: options.oidc,
    rateLimitPerMinute: options.rateLimitPerMinute,
    logger,
  });
  const supergraphFile = options.supergraphFile ?? join(workspaceRoot, 'gateway', 'supergraph.graphql');
  const gateway = await startGateway({
    supergraphSdl: readFileSync(supergraphFile, 'utf8'),
    supergraphFile,
    subgraphUrls: {
      ...options.remoteSubgraphUrls,
      ...Object.fromEntries([...subgraphs].map(([name, running]) => [name, running.url])),
    },
    port: options.port,
    host,
    logger,
    responseCacheMiB: options.responseCacheMiB,
    access,
    mount: serveWebApp(join(workspaceRoot, 'web', 'dist'), {
      basemap: options.basemap,
      districts: options.city.districts,
    }),
  });

  // A city that composes another city's cross-border subgraph shares its border incidents into it. When the other
  // hub is not running, the hub starts anyway and logs the failure.
  // NOTE: sharing runs at start only; incidents recorded later wait for the next start.
  if ('crossborder' in remote) {
    const tokenFor = async (district: string) =>
      (await access.authenticator.local.issue(sharingIdentity(district))).token;
    await shareBorderIncidents(database, gateway.url, tokenFor, options.city.districts, logger).catch(
      (error: unknown) => {
        logger.warn({ err: error }, 'sharing border incidents failed; restart the hub once the other hub is up');
      },
    );
  }

  return {
    database,
    issueToken: async (identity) => (await access.authenticator.local.issue(identity)).token,
    gateway,
    subgraphs,
    async stopSubgraph(name) {
      await subgraphs.get(name)?.stop();
      subgraphs.delete(name);
    },
    async startSubgraph(name) {
      const index = HUB_SUBGRAPHS.findIndex((definition) => definition.name === name);
      const definition = HUB_SUBGRAPHS[index];
      if (!definition)
        throw new Error(`Subgraph ${name} not found; known: ${HUB_SUBGRAPHS.map((known) => known.name).join(', ')}`);
      await startOne(definition, index);
    },
    async stop() {
      await gateway.stop();
      for (const running of subgraphs.values()) await running.stop();
      await database.close();
    },
  };
}

/** The demo cities that compose this city's cross-border subgraph, as partners of its sharing agreements. */
function partnerCities(city: CityProfile) {
  return Object.values(CITIES)
    .filter((other) => other.id !== city.id && 'crossborder' in other.remoteSubgraphs)
    .map((other) => ({ id: other.id, name: other.name, districts: other.districts }));
}

/** Identity under which a hub shares one district's border incidents through its own gateway. */
function sharingIdentity(district: string): Identity {
  return {
    sub: 'system.border-sharing',
    name: '交界地带警情共享任务',
    level: 'DISTRICT',
    orgUnit: district,
    department: 'police',
    roles: ['analyst'],
  };
}

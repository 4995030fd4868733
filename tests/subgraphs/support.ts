/**
 * Starts a department subgraph on an ephemeral loopback port and sends it GraphQL over real HTTP.
 */
import { createLogger, type Database } from '@lianfang/db';
import {
  type Identity,
  type RunningSubgraph,
  type SubgraphDefinition,
  startSubgraphServer,
} from '@lianfang/subgraph-kit';
import { claimsHeaders, DEFAULT_IDENTITY, testSubgraphAccess } from '../support/access.js';

export interface GraphQLErrorBody {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; argument?: string; reason?: string };
}

export interface GraphQLResponse<Data> {
  data?: Data | null;
  errors?: GraphQLErrorBody[];
}

export interface TestSubgraph {
  url: string;
  /**
   * Sends one operation as `as` (default: the subgraph's identity, a district police analyst) and returns the parsed
   * response body; fails the test on a non-JSON response.
   */
  request<Data = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    as?: { identity?: Identity; purpose?: string },
  ): Promise<GraphQLResponse<Data>>;
  stop(): Promise<void>;
}

export async function startTestSubgraph(
  definition: SubgraphDefinition,
  database: Database,
  identity: Identity = DEFAULT_IDENTITY,
): Promise<TestSubgraph> {
  const running: RunningSubgraph = await startSubgraphServer({
    definition,
    database,
    logger: createLogger('test'),
    port: 0,
    host: '127.0.0.1',
    access: await testSubgraphAccess(),
  });
  return {
    url: running.url,
    async request<Data>(
      query: string,
      variables: Record<string, unknown> = {},
      as: { identity?: Identity; purpose?: string } = {},
    ) {
      const claims = await claimsHeaders(as.identity ?? identity, { purpose: as.purpose });
      const response = await fetch(running.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...claims },
        body: JSON.stringify({ query, variables }),
      });
      const text = await response.text();
      try {
        return JSON.parse(text) as GraphQLResponse<Data>;
      } catch {
        throw new Error(
          `Subgraph answered HTTP ${response.status} with a body that is not JSON: ${text.slice(0, 500)}`,
        );
      }
    },
    stop: () => running.stop(),
  };
}

/** Returns the data of a response that must have no errors, failing with the errors otherwise. */
export function dataOf<Data>(response: GraphQLResponse<Data>): Data {
  if (response.errors?.length) {
    throw new Error(`Unexpected GraphQL errors: ${JSON.stringify(response.errors, null, 2)}`);
  }
  if (!response.data) throw new Error('GraphQL response has no data');
  return response.data;
}

/** Returns the one error of a response that must fail. */
export function errorOf(response: GraphQLResponse<unknown>): GraphQLErrorBody {
  if (!response.errors?.length) throw new Error(`Expected an error, got ${JSON.stringify(response.data)}`);
  return response.errors[0] as GraphQLErrorBody;
}

/** True when the text contains Chinese characters, i.e. the message is written for the users of the hub. */
export function isChinese(text: string): boolean {
  return /[\u4e00-\u9fff]/.test(text);
}

/**
 * Point `[lon, lat]` about `east` and `north` metres from `origin`, using the lengths of one degree of latitude and
 * longitude on the WGS84 ellipsoid at the origin's latitude. Within a few kilometres the error stays under 1 m.
 */
export function offsetMetres(origin: [number, number], east: number, north: number): [number, number] {
  const phi = (origin[1] * Math.PI) / 180;
  const metresPerDegreeLat = 111_132.954 - 559.822 * Math.cos(2 * phi) + 1.175 * Math.cos(4 * phi);
  const metresPerDegreeLon = 111_412.84 * Math.cos(phi) - 93.5 * Math.cos(3 * phi);
  return [origin[0] + east / metresPerDegreeLon, origin[1] + north / metresPerDegreeLat];
}

/**
 * Counts the statements one request sends: resets the counter, sends, and reads it after the response. Only
 * valid while no other request runs against the same database handle.
 */
export async function countStatements(database: Database, send: () => Promise<unknown>): Promise<number> {
  database.statements.reset();
  await send();
  return database.statements.count;
}

/** True when the printed subgraph SDL declares `type` with `@key(fields: "<fields>")`. */
export function declaresKey(sdl: string, type: string, fields: string): boolean {
  return new RegExp(`type ${type}\\s+@key\\(fields: "${fields}"\\)`).test(sdl);
}

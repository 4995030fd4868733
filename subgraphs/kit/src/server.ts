import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import {
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { expressMiddleware } from '@as-integrations/express5';
import type { Database, Logger } from '@lianfang/db';
import express from 'express';
import { GraphQLError, type GraphQLFormattedError, type GraphQLScalarType, parse } from 'graphql';
import { accessAuditPlugin } from './access/audit-plugin.js';
import { CLAIMS_HEADER, type Claims, ClaimsError, type ClaimsVerifier } from './access/claims.js';
import { enforcePersonalData } from './access/personal.js';
import { CHANGES_PATH, ChangeStream } from './changes.js';
import { createContext, REQUEST_ID_HEADER, requestIdFrom, type SubgraphContext } from './context.js';
import { ErrorCode, INTERNAL_ERROR_MESSAGE } from './errors.js';
import { jsonErrorHandler, keepIdleConnections } from './http-errors.js';
import { nulCharacterGuard } from './nul-guard.js';

/** Resolvers by type name, then field name; scalars by their name. */
export type SubgraphResolvers = Record<string, Record<string, unknown> | GraphQLScalarType>;

export interface SubgraphDefinition {
  /** Department name, also the schema name: `governance`, `police`… */
  name: string;
  typeDefs: string;
  resolvers: SubgraphResolvers;
  /**
   * Starts work that runs beside the server, such as a scheduled job. It is called once the server listens, and
   * the returned `stop` runs before the server stops. A rejection stops the server and fails its start.
   */
  startBackground?(services: { database: Database; logger: Logger }): Promise<{ stop(): Promise<void> }>;
  /**
   * Mounts HTTP routes beside `/graphql`, such as an upload endpoint. Each route handler must call `claimsOf` first.
   * It resolves to the gateway's verified claims, or sends 401 itself and resolves to undefined.
   */
  mountRoutes?(app: express.Express, services: SubgraphRouteServices): void;
}

/** Services the server passes to a subgraph's own HTTP routes. */
export interface SubgraphRouteServices {
  database: Database;
  logger: Logger;
  city: string;
  /** Verifies the request's claims. On failure it sends 401 and resolves to undefined. */
  claimsOf(request: express.Request, response: express.Response): Promise<Claims | undefined>;
}

export interface SubgraphServerOptions {
  definition: SubgraphDefinition;
  database: Database;
  logger: Logger;
  port: number;
  host?: string;
  /** The city this subgraph belongs to, and the gateways whose signed claims it accepts. */
  access: { city: string; verifier: ClaimsVerifier };
}

export interface RunningSubgraph {
  name: string;
  /** GraphQL endpoint, e.g. http://127.0.0.1:4101/graphql. */
  url: string;
  stop(): Promise<void>;
}

const BODY_LIMIT_BYTES = 1024 * 1024;
const KNOWN_CODES = new Set<string>(Object.values(ErrorCode));
// Codes Apollo Server and graphql-js attach to client mistakes; they pass through unchanged.
const CLIENT_ERROR_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'OPERATION_RESOLUTION_FAILURE',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
]);

/** Keeps our coded errors and client mistakes; replaces anything else by a generic message and logs it. */
function formatErrorFor(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const code = String(formatted.extensions?.code ?? '');
    if ((KNOWN_CODES.has(code) && code !== ErrorCode.INTERNAL_SERVER_ERROR) || CLIENT_ERROR_CODES.has(code)) {
      return formatted;
    }
    logger.error({ err: error, path: formatted.path }, 'resolver failed');
    return {
      message: INTERNAL_ERROR_MESSAGE,
      path: formatted.path,
      extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
    };
  };
}

/**
 * Returns the claims a gateway signed for this request. Requests without valid claims are rejected with 401,
 * because a subgraph serves gateways only, never a client that sets headers itself.
 */
async function verifiedClaims(
  verifier: ClaimsVerifier,
  header: string | string[] | undefined,
  logger: Logger,
  requestId: string,
): Promise<Claims> {
  const token = Array.isArray(header) ? header[0] : header;
  try {
    if (!token) throw new ClaimsError('no claims header');
    return await verifier.verify(token);
  } catch (error) {
    if (!(error instanceof ClaimsError)) throw error;
    logger.warn({ requestId, reason: error.message }, 'request rejected: missing or invalid gateway claims');
    // A partner city's gateway whose public key is not installed is an operations fault, not a login problem.
    const message =
      error.reason === 'UNTRUSTED_GATEWAY'
        ? `未通过身份验证：本服务未安装城市“${error.city ?? '?'}”网关的公钥，无法确认请求来自该网关；请运维人员把该城市的 ${error.city ?? '<city>'}.public.jwk 复制到本服务的密钥目录`
        : '未通过身份验证：部门服务只接受经网关签名的请求';
    throw new GraphQLError(message, {
      extensions: { code: ErrorCode.UNAUTHENTICATED, reason: error.reason, http: { status: 401 } },
    });
  }
}

/**
 * Starts one department's Federation 2 subgraph over HTTP: `POST /graphql`, `GET /healthz` (200 when the
 * database responds, 503 otherwise) and `GET /changes`, the stream of its schema's changes (see `ChangeStream`). No landing page is served, because Apollo's loads from a CDN.
 */
export async function startSubgraphServer(options: SubgraphServerOptions): Promise<RunningSubgraph> {
  const { definition, database } = options;
  const logger = options.logger.child({ subgraph: definition.name });
  // Inline traces only feed Apollo's hosted usage reporting, which an air-gapped hub never uses.
  const plugins: ApolloServerPlugin<SubgraphContext>[] = [
    ApolloServerPluginLandingPageDisabled(),
    ApolloServerPluginInlineTraceDisabled(),
    nulCharacterGuard<SubgraphContext>(),
  ];
  // The resolver map type of @apollo/subgraph is not exported; the shapes are the same.
  const schema = buildSubgraphSchema([
    { typeDefs: parse(definition.typeDefs), resolvers: definition.resolvers as never },
  ]);
  const personalFields = enforcePersonalData(schema);
  plugins.push(accessAuditPlugin<SubgraphContext>(definition.name, database, logger));
  const apollo = new ApolloServer<SubgraphContext>({
    schema,
    plugins,
    includeStacktraceInErrorResponses: false,
    formatError: formatErrorFor(logger),
  });
  await apollo.start();
  const changes = new ChangeStream(definition.name, logger, options.access.city);
  await changes.start(database);

  const app = express();
  app.disable('x-powered-by');
  app.get('/healthz', async (_request, response) => {
    try {
      await database.query('SELECT 1');
      response.json({ status: 'ok', subgraph: definition.name });
    } catch (error) {
      logger.warn({ err: error }, 'health check failed');
      response.status(503).json({ status: 'unavailable', subgraph: definition.name });
    }
  });
  const claimsOf = async (request: express.Request, response: express.Response): Promise<Claims | undefined> => {
    const requestId = requestIdFrom(request.headers[REQUEST_ID_HEADER]);
    try {
      return await verifiedClaims(options.access.verifier, request.headers[CLAIMS_HEADER], logger, requestId);
    } catch (error) {
      if (!(error instanceof GraphQLError)) throw error;
      response
        .status(401)
        .json({ errors: [{ message: error.message, extensions: { code: ErrorCode.UNAUTHENTICATED } }] });
      return undefined;
    }
  };
  // The stream names only which tables changed, but each one keeps a connection open, so only gateways may open one.
  app.get(CHANGES_PATH, async (request, response, next) => {
    try {
      if (!(await claimsOf(request, response))) return;
    } catch (error) {
      return next(error);
    }
    changes.handler(request, response);
  });
  definition.mountRoutes?.(app, { database, logger, city: options.access.city, claimsOf });
  app.use(
    '/graphql',
    express.json({ limit: BODY_LIMIT_BYTES }),
    expressMiddleware(apollo, {
      context: async ({ req }) => {
        const requestId = requestIdFrom(req.headers[REQUEST_ID_HEADER]);
        const claims = await verifiedClaims(options.access.verifier, req.headers[CLAIMS_HEADER], logger, requestId);
        return createContext(database, logger, requestId, { claims, city: options.access.city });
      },
    }),
  );

  app.use(jsonErrorHandler(logger, BODY_LIMIT_BYTES));

  const host = options.host ?? '127.0.0.1';
  const server: Server = await new Promise((resolve, reject) => {
    const listening = app.listen(options.port, host, () => resolve(listening));
    listening.once('error', reject);
  });
  keepIdleConnections(server);
  const { port } = server.address() as AddressInfo;
  const url = `http://${host}:${port}/graphql`;
  let background: { stop(): Promise<void> } | undefined;
  try {
    background = await definition.startBackground?.({ database, logger });
  } catch (error) {
    await changes.stop();
    await apollo.stop();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    throw error;
  }
  logger.info({ url, personalFields, trustedGateways: options.access.verifier.cities }, 'subgraph started');

  return {
    name: definition.name,
    url,
    async stop() {
      await background?.stop();
      await changes.stop();
      await apollo.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      logger.info('subgraph stopped');
    },
  };
}

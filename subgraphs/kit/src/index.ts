export {
  assertFirst,
  assertIntegerInRange,
  assertMetresInRange,
  assertOrgUnitCode,
  assertPoint,
  parseTimeRange,
  type TimeRange,
  timeRangeParams,
} from './arguments.js';
export { CHANGES_PATH, ChangeStream, HEARTBEAT_INTERVAL_MS, MAX_STREAMS } from './changes.js';
export { createContext, REQUEST_ID_HEADER, requestIdFrom, type SubgraphContext } from './context.js';
export { decodeCursor, encodeCursor, type Page, pageOf } from './cursor.js';
export { BadInputReason, badUserInput, ErrorCode, INTERNAL_ERROR_MESSAGE, notFound, quoted } from './errors.js';
export { type Bbox, parseBbox } from './geo.js';
export { jsonErrorHandler, keepIdleConnections } from './http-errors.js';
export { groupBy, requestListLoader, requestLoader } from './loaders.js';
export {
  checkSearchAreaShape,
  describeValidityReason,
  parseSearchArea,
  SEARCH_AREA_LIMITS,
  type SearchArea,
  type SearchAreaGeometry,
} from './polygon.js';
export { DateTimeScalar, GeoJSONScalar } from './scalars.js';
export {
  type RunningSubgraph,
  type SubgraphDefinition,
  type SubgraphResolvers,
  type SubgraphServerOptions,
  startSubgraphServer,
} from './server.js';
export { runStandalone } from './standalone.js';

export {
  AUDIT_COLUMNS,
  type AuditAnchor,
  type AuditRecord,
  appendAuditRecord,
  auditHash,
  type ChainProblem,
  type ChainVerification,
  checkAuditAnchor,
  GENESIS_HASH,
  type StoredAuditRecord,
  verifyAuditChain,
} from './access/audit-log.js';
export { AUDITED_EXTENSION, accessAuditPlugin } from './access/audit-plugin.js';
export {
  CLAIMS_AUDIENCE,
  CLAIMS_HEADER,
  type Claims,
  ClaimsError,
  type ClaimsKeyPair,
  ClaimsSigner,
  ClaimsVerifier,
  CODE_LENGTH,
  DEPARTMENTS,
  type Department,
  generateClaimsKeyPair,
  type Identity,
  identitySchema,
  LEVELS,
  type Level,
  purposeSchema,
  ROLES,
  type Role,
} from './access/claims.js';
export { type EntryGuard, guardEntryPoints, type ResolverMap } from './access/entry-points.js';
export {
  type AccessContext,
  assertOwnCity,
  assertWithinJurisdiction,
  entityWithinJurisdiction,
  isOwnCity,
  isWithinJurisdiction,
  jurisdictionPattern,
  outOfJurisdiction,
  overlapsJurisdiction,
  ownCityOnly,
} from './access/jurisdiction.js';
export { loadOrCreateKeyPair, loadPublicKeys } from './access/keys.js';
export {
  disclosureFor,
  enforcePersonalData,
  PERSONAL_DIRECTIVE,
  PERSONAL_DIRECTIVE_LINK,
  type PersonalRule,
} from './access/personal.js';
export { AccessRecorder, type AccessSummary, type Disclosure } from './access/recorder.js';
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
export {
  createContext,
  REQUEST_ID_HEADER,
  type RequestAccess,
  requestIdFrom,
  type SubgraphContext,
} from './context.js';
export { decodeCursor, encodeCursor, type Page, pageOf } from './cursor.js';
export {
  BadInputReason,
  badUserInput,
  ErrorCode,
  ForbiddenReason,
  forbidden,
  INTERNAL_ERROR_MESSAGE,
  notFound,
  quoted,
} from './errors.js';
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
  type SubgraphRouteServices,
  type SubgraphServerOptions,
  startSubgraphServer,
} from './server.js';
export { runStandalone } from './standalone.js';

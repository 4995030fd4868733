export type { BoundaryImportOptions, BoundaryImportResult } from './boundaries/import.js';
export { importBoundaries } from './boundaries/import.js';
export { geometryFromWgs84, geometryToWgs84, type InputCrs } from './crs.js';
export type { Backend, Database, ListenOptions, NotificationHandler, Queryable, QueryResult } from './database.js';
export { LostPostgisError, StatementCounter } from './database.js';
export {
  BAND_WIDTH_M,
  BORDER_ZONES,
  DEFAULT_DEMO_DISTRICTS,
  type DemoOptions,
  type DemoReport,
  type DemoTable,
  extrasCounts,
  PLANTED,
  type RowCounts as DemoRowCounts,
  seedDemoData,
} from './demo/index.js';
export {
  CODE_LENGTH,
  type DistrictDivision,
  levelOfCode,
  ORG_UNIT_LEVELS,
  type OrgUnitLevel,
  parentCodeOf,
  readDistrictOutlines,
  readDivisions,
} from './jurisdiction/divisions.js';
export { type GeneratedUnit, generateJurisdiction } from './jurisdiction/generate.js';
export { type LoadJurisdictionOptions, loadJurisdictions } from './jurisdiction/load.js';
export { createLogger, type Logger } from './logger.js';
export { CHANGE_CHANNEL, LIVE_CHANNEL } from './migrations/change-notifications.js';
export { discoverMigrationSets, type MigrationReport, type MigrationSet, migrate } from './migrations/migrate.js';
export { type DatabaseOptions, databaseOptionsFromEnv, openDatabase, workspaceRoot } from './open.js';

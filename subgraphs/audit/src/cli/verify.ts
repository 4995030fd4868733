/**
 * `pnpm audit:verify`: recomputes the hash chain of the access log in the database named by `DATABASE_URL`, or in
 * the embedded database under `LIANFANG_DATA_DIR` (default `.data/pglite`), and prints a summary with the last
 * record's hash. Exits 0 when the chain is consistent (and the anchor, when given, matches), 1 when it is broken or
 * the anchor does not match, 2 on a usage error and 3 when the verification could not run. An empty log exits 0.
 * See `VERIFY_USAGE` for the options.
 */
import { createLogger, type Database, databaseOptionsFromEnv, openDatabase } from '@lianfang/db';
import { checkAuditAnchor, verifyAuditChain } from '@lianfang/subgraph-kit';
import {
  formatVerifyReport,
  outcomeIsValid,
  parseVerifyArguments,
  VERIFY_USAGE,
  type VerifyArguments,
  type VerifyOutcome,
} from './verify-report.js';

const EXIT_BROKEN = 1;
const EXIT_USAGE = 2;
const EXIT_UNAVAILABLE = 3;

const parsed = parseVerifyArguments(process.argv.slice(2));
if ('error' in parsed) {
  console.error(`${parsed.error}\n\n${VERIFY_USAGE}`);
  process.exit(EXIT_USAGE);
}
if (parsed.help) {
  console.log(VERIFY_USAGE);
  process.exit(0);
}
const { options } = parsed;

const logger = createLogger('audit:verify');
// The logger writes JSON lines to stdout, where the summary goes, so it reports only warnings and errors unless
// LOG_LEVEL is set.
if (!process.env.LOG_LEVEL) logger.level = 'warn';

async function open(args: VerifyArguments): Promise<Database> {
  const fromEnv = databaseOptionsFromEnv();
  if (args.databaseUrl) return openDatabase({ ...fromEnv, databaseUrl: args.databaseUrl }, logger);
  if (args.dataDir) return openDatabase({ ...fromEnv, databaseUrl: undefined, dataDir: args.dataDir }, logger);
  return openDatabase(fromEnv, logger);
}

async function verify(database: Database, args: VerifyArguments): Promise<VerifyOutcome> {
  const chain = await verifyAuditChain(database);
  if (!args.anchor) return { chain };
  return { chain, anchor: { ...args.anchor, ...(await checkAuditAnchor(database, args.anchor)) } };
}

let database: Database | undefined;
try {
  database = await open(options);
  const outcome = await verify(database, options);
  console.log(options.json ? JSON.stringify(outcome) : formatVerifyReport(outcome));
  process.exitCode = outcomeIsValid(outcome) ? 0 : EXIT_BROKEN;
} catch (error) {
  logger.error({ err: error }, 'access log verification failed');
  console.error(`无法校验访问记录：${(error as Error).message}。请检查数据库设置，并先运行 pnpm db:migrate。`);
  process.exitCode = EXIT_UNAVAILABLE;
} finally {
  await database?.close();
}

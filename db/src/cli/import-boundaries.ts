/**
 * `pnpm boundaries:import FILE`: imports authoritative boundaries from a GeoJSON FeatureCollection, all features or
 * none. Prints a report in Chinese (or English with `--lang en`); exits 0 when imported, 1 when rejected, 2 on a
 * usage error.
 */
import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { type BoundaryImportResult, type InputCrs, importBoundaries } from '../boundaries/import.js';
import { formatMessage, type Language } from '../boundaries/messages.js';
import { createLogger } from '../logger.js';
import { openDatabase } from '../open.js';

// Larger files are refused before reading: at this size the file should be split by street.
const MAX_FILE_BYTES = 100 * 1024 * 1024;

const usage = `usage: pnpm boundaries:import FILE.geojson [--crs WGS84|GCJ02|BD09] [--repair] [--dry-run] [--lang zh-CN|en]

  --crs       datum of the input coordinates (default WGS84; CGCS2000 counts as WGS84). GCJ02 and BD09 input
              is converted to WGS84.
  --repair    repair invalid polygons with ST_MakeValid and list them, instead of rejecting the file
  --dry-run   check and report, then change nothing
  --lang      language of the report (default zh-CN, or LIANFANG_LANG)`;

function fail(message: string): never {
  console.error(`${message}\n\n${usage}`);
  process.exit(2);
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    crs: { type: 'string', default: 'WGS84' },
    repair: { type: 'boolean', default: false },
    'dry-run': { type: 'boolean', default: false },
    lang: { type: 'string', default: process.env.LIANFANG_LANG || 'zh-CN' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (values.help) {
  console.log(usage);
  process.exit(0);
}

const crs = values.crs.toUpperCase().replace('-', '');
if (crs !== 'WGS84' && crs !== 'GCJ02' && crs !== 'BD09' && crs !== 'CGCS2000') fail(`Invalid --crs ${values.crs}.`);
const language = values.lang;
if (language !== 'zh-CN' && language !== 'en') fail(`Invalid --lang ${values.lang}.`);
const [file] = positionals;
if (!file || positionals.length > 1) fail('Give exactly one GeoJSON file.');

const size = (() => {
  try {
    return statSync(file).size;
  } catch {
    fail(`File not found: ${file}`);
  }
})();
if (size > MAX_FILE_BYTES)
  fail(`File ${file} has ${size} bytes, more than the limit of ${MAX_FILE_BYTES}; split it by street.`);

function readInput(path: string): { input: unknown } | { error: string } {
  try {
    return { input: JSON.parse(readFileSync(path, 'utf8')) };
  } catch (error) {
    return { error: `JSON: ${(error as Error).message}` };
  }
}

function printResult(result: BoundaryImportResult, lang: Language): void {
  const label = (finding: { feature: number; code?: string }) =>
    lang === 'zh-CN'
      ? `第 ${finding.feature} 个要素${finding.code ? `（${finding.code}）` : ''}`
      : `feature ${finding.feature}${finding.code ? ` (${finding.code})` : ''}`;

  if (!result.ok) {
    console.log(
      lang === 'zh-CN'
        ? `导入被拒绝，数据库未做任何修改。发现 ${result.problems.length} 个问题：`
        : `Import rejected; the database is unchanged. ${result.problems.length} problems:`,
    );
    for (const problem of result.problems) {
      const where = problem.feature === 0 ? '' : `${label(problem)}：`.replace('：', lang === 'zh-CN' ? '：' : ': ');
      console.log(`  - ${where}${formatMessage(lang, problem.problem, problem.params)} [${problem.problem}]`);
    }
    return;
  }
  const summary =
    lang === 'zh-CN'
      ? `${values['dry-run'] ? '检查通过（试运行，未写入）' : '导入成功'}：新建 ${result.created.length} 个、更新 ${result.updated.length} 个单元。`
      : `${values['dry-run'] ? 'Check passed (dry run, nothing written)' : 'Imported'}: ${result.created.length} units created, ${result.updated.length} updated.`;
  console.log(summary);
  for (const notice of result.notices) {
    const separator = lang === 'zh-CN' ? '：' : ': ';
    console.log(
      `  - ${label(notice)}${separator}${formatMessage(lang, notice.problem, notice.params)} [${notice.problem}]`,
    );
  }
}

const read = readInput(file);
if ('error' in read) {
  printResult(
    { ok: false, problems: [{ feature: 0, problem: 'INVALID_FILE', params: { detail: read.error } }] },
    language,
  );
  process.exit(1);
}

const logger = createLogger('boundaries:import');
const database = await openDatabase(undefined, logger);
try {
  const result = await importBoundaries(
    database,
    read.input,
    {
      sourceName: basename(file),
      crs: (crs === 'CGCS2000' ? 'WGS84' : crs) as InputCrs,
      repair: values.repair,
      dryRun: values['dry-run'],
    },
    logger,
  );
  printResult(result, language);
  process.exitCode = result.ok ? 0 : 1;
} finally {
  await database.close();
}

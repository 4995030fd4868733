/**
 * The responsibility list (职责清单) as data: the rule in force for an event, the list and history for the web app,
 * and new versions saved by district governance commanders.
 */
import type { Queryable } from '@lianfang/db';
import {
  badUserInput,
  ForbiddenReason,
  forbidden,
  quoted,
  requestLoader,
  type SubgraphContext,
} from '@lianfang/subgraph-kit';
import { canonicalJson } from '../canonical-json.js';
import { RULE_COLUMNS, type RuleRow } from './rows.js';
import { parseRuleInput, parseStoredRule, type RuleDocument } from './rule-schema.js';

const CATEGORY = /^[A-Z][A-Z_]{1,39}$/;
const SEVERITIES = ['MINOR', 'SERIOUS', 'CRITICAL'] as const;

/** The newest version of each category and severity, retired or not. */
const LATEST_RULES = `SELECT DISTINCT ON (r.category, r.severity) ${RULE_COLUMNS}
  FROM governance.responsibility_rules r
  ORDER BY r.category, r.severity, r.version DESC`;

/**
 * Returns the rule in force for a category and severity: the newest version of the rule for exactly that severity,
 * else of the rule for every severity (severity NULL), else the rule of category OTHER. A retired newest version
 * takes its rule out of force.
 */
export async function ruleInForce(tx: Queryable, category: string, severity: string): Promise<RuleRow | null> {
  const { rows } = await tx.query<RuleRow>(
    `SELECT * FROM (${LATEST_RULES}) latest
     WHERE NOT retired AND category IN ($1, 'OTHER') AND (severity = $2 OR severity IS NULL)
     ORDER BY category = 'OTHER', severity IS NULL
     LIMIT 1`,
    [category, severity],
  );
  return rows[0] ?? null;
}

export function ruleLoader(context: SubgraphContext) {
  return requestLoader<number, RuleRow>(context, 'responsibilityRuleById', async (ids) => {
    const { rows } = await context.database.query<RuleRow>(
      `SELECT ${RULE_COLUMNS} FROM governance.responsibility_rules r WHERE r.id = ANY($1::bigint[])`,
      [ids],
    );
    return new Map(rows.map((row) => [Number(row.id), row]));
  });
}

/** Loads a rule by id inside a transaction. */
export async function ruleById(tx: Queryable, id: number): Promise<RuleRow | null> {
  const { rows } = await tx.query<RuleRow>(
    `SELECT ${RULE_COLUMNS} FROM governance.responsibility_rules r WHERE r.id = $1`,
    [id],
  );
  return rows[0] ?? null;
}

function assertCategory(category: string | null | undefined, argument: string): void {
  if (category !== null && category !== undefined && !CATEGORY.test(category)) {
    throw badUserInput(`${argument} 须为事件类别代码，收到 ${quoted(category)}`, { argument });
  }
}

/** Rules in force, newest version of each category and severity, optionally of one category. */
export async function listRulesInForce(context: SubgraphContext, category?: string | null): Promise<RuleRow[]> {
  assertCategory(category, 'category');
  const { rows } = await context.database.query<RuleRow>(
    `SELECT * FROM (${LATEST_RULES}) latest
     WHERE NOT retired AND ($1::text IS NULL OR category = $1)
     ORDER BY category, severity NULLS FIRST`,
    [category ?? null],
  );
  return rows;
}

/** Every version of the rule of a category and severity (NULL: the rule for every severity), newest first. */
export async function ruleHistory(
  context: SubgraphContext,
  category: string,
  severity: string | null | undefined,
): Promise<RuleRow[]> {
  assertCategory(category, 'category');
  const { rows } = await context.database.query<RuleRow>(
    `SELECT ${RULE_COLUMNS} FROM governance.responsibility_rules r
     WHERE r.category = $1 AND r.severity IS NOT DISTINCT FROM $2
     ORDER BY r.version DESC`,
    [category, severity ?? null],
  );
  return rows;
}

export interface RuleInput extends Partial<RuleDocument> {
  category: string;
  severity?: string | null;
  title: string;
  changeNote: string;
}

/** Only district-level governance commanders change the responsibility list of their city. */
function assertMayEditRules(context: SubgraphContext): void {
  const { claims } = context;
  if (claims.department === 'governance' && claims.level === 'DISTRICT' && claims.roles.includes('commander')) return;
  context.access.deny('Mutation.setResponsibilityRule', ForbiddenReason.ROLE);
  throw forbidden('只有区综治中心的指挥员可以修改职责清单', ForbiddenReason.ROLE);
}

function checkRuleTexts(input: RuleInput): { title: string; changeNote: string } {
  assertCategory(input.category, 'input.category');
  if (input.severity !== null && input.severity !== undefined && !SEVERITIES.includes(input.severity as never)) {
    throw badUserInput(`input.severity 须为 MINOR、SERIOUS 或 CRITICAL，收到 ${quoted(input.severity)}`, {
      argument: 'input.severity',
    });
  }
  const title = input.title.trim();
  if (title.length < 1 || title.length > 100) {
    throw badUserInput(`input.title 须为 1–100 个字符，收到 ${title.length} 个字符`, { argument: 'input.title' });
  }
  const changeNote = input.changeNote.trim();
  if (changeNote.length < 2 || changeNote.length > 200) {
    throw badUserInput(`input.changeNote（修改说明）须为 2–200 个字符，收到 ${changeNote.length} 个字符`, {
      argument: 'input.changeNote',
    });
  }
  return { title, changeNote };
}

/** Rejects a version equal to the one in force, same title and document, which would only add a version number. */
async function assertChanged(tx: Queryable, input: RuleInput, title: string, document: RuleDocument): Promise<void> {
  const { rows } = await tx.query<RuleRow>(
    `SELECT ${RULE_COLUMNS} FROM governance.responsibility_rules r
     WHERE r.category = $1 AND r.severity IS NOT DISTINCT FROM $2
     ORDER BY r.version DESC LIMIT 1`,
    [input.category, input.severity ?? null],
  );
  const current = rows[0];
  if (!current || current.retired || current.title !== title) return;
  const stored = parseStoredRule(current.rule, String(current.id));
  if (canonicalJson(stored) !== canonicalJson(document)) return;
  throw badUserInput(
    `职责清单规则“${current.title}”（第 ${current.version} 版）与现行版本完全相同，未保存新版本；请修改规则内容或名称后再保存`,
    { argument: 'input', reason: 'RULE_UNCHANGED', version: current.version },
  );
}

/**
 * Saves a new version of the rule of a category and severity: version = the highest so far + 1. New dispatches use
 * it at once; tasks dispatched before keep the id of the version they followed.
 */
export async function setResponsibilityRule(context: SubgraphContext, input: RuleInput): Promise<RuleRow> {
  assertMayEditRules(context);
  const { title, changeNote } = checkRuleTexts(input);
  const document = parseRuleInput({
    dispatch: input.dispatch,
    handOffSteps: input.handOffSteps ?? [],
    handOffs: input.handOffs ?? [],
    followUp: input.followUp ?? [],
    notify: input.notify ?? [],
    escalateOnOverdue: input.escalateOnOverdue ?? true,
  });
  return context.database.transaction(async (tx) => {
    // Two commanders saving the same rule at once would both compute the same next version; the lock orders them.
    await tx.exec('LOCK TABLE governance.responsibility_rules IN SHARE ROW EXCLUSIVE MODE');
    await assertChanged(tx, input, title, document);
    const { rows } = await tx.query<RuleRow>(
      `INSERT INTO governance.responsibility_rules AS r (category, severity, version, title, rule, changed_by, change_note)
       SELECT $1, $2, coalesce(max(version), 0) + 1, $3, $4::jsonb, $5, $6
       FROM governance.responsibility_rules WHERE category = $1 AND severity IS NOT DISTINCT FROM $2
       RETURNING ${RULE_COLUMNS}`,
      [input.category, input.severity ?? null, title, JSON.stringify(document), context.claims.sub, changeNote],
    );
    const row = rows[0];
    if (!row) throw new Error('Inserting a responsibility rule returned no row');
    context.logger.info(
      { category: row.category, severity: row.severity, version: row.version, ruleId: row.id },
      'responsibility rule saved',
    );
    return row;
  });
}

/** Converts a rule row to its GraphQL shape: the document's lists and flags beside the row's own fields. */
export function presentRule(row: RuleRow) {
  const document = parseStoredRule(row.rule, String(row.id));
  return {
    id: String(row.id),
    category: row.category,
    severity: row.severity,
    version: row.version,
    title: row.title,
    ...document,
    changedBy: row.changed_by,
    changeNote: row.change_note,
    changedAt: row.changed_at,
  };
}

import type { Queryable } from '../database.js';

/** The channel on which every change to a department table is announced, with `schema.table` as payload. */
export const CHANGE_CHANNEL = 'lianfang_changes';

/**
 * The channel on which department triggers announce single written rows (events, tasks, incidents) as JSON, for the
 * gateway's live updates. The payload's `schema` names the department; docs/live-updates.md describes the fields.
 */
export const LIVE_CHANNEL = 'lianfang_live';

/** Name of the statement trigger each department table gets. */
const TRIGGER_NAME = 'lianfang_notify_change';

/**
 * Creates the trigger function that announces a changed table. It runs once per statement, not per row, so a bulk
 * insert of a million rows sends one notification, and PostgreSQL folds equal notifications of one transaction
 * into one. Listeners receive it when the transaction commits, never for a rolled-back one.
 */
export async function createChangeFunction(tx: Queryable): Promise<void> {
  await tx.exec(`
    CREATE OR REPLACE FUNCTION public.${TRIGGER_NAME}() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM pg_notify('${CHANGE_CHANNEL}', TG_TABLE_SCHEMA || '.' || TG_TABLE_NAME);
      RETURN NULL;
    END
    $$;`);
}

/**
 * Gives every table of `schema` that lacks it the statement trigger announcing its changes, so caches of the
 * schema's data learn of writes from any client, not only from the hub. Tables added by later migrations get it on
 * the next run. The trigger fires always, also under `session_replication_role = replica`, which PostgreSQL's
 * logical replication workers use. Returns the tables it changed.
 */
export async function installChangeTriggers(tx: Queryable, schema: string): Promise<string[]> {
  const { rows } = await tx.query<{ table_name: string }>(
    `SELECT c.relname AS table_name
     FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') AND c.relname <> 'schema_migrations'
       AND NOT EXISTS (SELECT 1 FROM pg_trigger t WHERE t.tgrelid = c.oid AND t.tgname = $2 AND t.tgenabled = 'A')
     ORDER BY c.relname`,
    [schema, TRIGGER_NAME],
  );
  for (const { table_name: table } of rows) {
    const target = `${schema}."${table}"`;
    await tx.exec(
      `CREATE OR REPLACE TRIGGER ${TRIGGER_NAME} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ${target}
       FOR EACH STATEMENT EXECUTE FUNCTION public.${TRIGGER_NAME}();
       ALTER TABLE ${target} ENABLE ALWAYS TRIGGER ${TRIGGER_NAME};`,
    );
  }
  return rows.map((row) => `${schema}.${row.table_name}`);
}

/**
 * Sharing agreements with partner cities: the field coordinates of this subgraph a partner may request, the purpose,
 * how long the incidents the partner shares are kept, and the period of validity.
 */
import { readFileSync } from 'node:fs';
import type { Database, Logger, Queryable } from '@lianfang/db';
import {
  assertIntegerInRange,
  badUserInput,
  ForbiddenReason,
  forbidden,
  isOwnCity,
  isWithinJurisdiction,
  purposeSchema,
  quoted,
  type SubgraphContext,
} from '@lianfang/subgraph-kit';
import { Kind, parse } from 'graphql';

export interface SharingAgreement {
  partnerCity: string;
  partnerName: string;
  districtCodes: string[];
  allowedFields: string[];
  purpose: string;
  retentionDays: number;
  validFrom: Date;
  expiresAt: Date;
  updatedAt: Date;
  updatedBy: string;
}

export type SharingAgreementInput = Omit<SharingAgreement, 'updatedAt' | 'updatedBy'>;

export const RETENTION_DAYS = { min: 1, max: 3650 } as const;
const MAX_DISTRICTS = 20;
const PARTNER_CITY = /^[a-z][a-z0-9-]{1,31}$/;
const DISTRICT_CODE = /^[0-9]{6}$/;

/** Types and fields that manage the agreements themselves: every caller reaches them, under their own rules. */
export const AGREEMENT_TYPE = 'SharingAgreement';
export const AGREEMENT_FIELDS = new Set(['Query.sharingAgreements', 'Mutation.setSharingAgreement']);

/** Field coordinates of the schema that an agreement may allow, e.g. `BorderZone.name`. */
export const AGREEMENT_COORDINATES: ReadonlySet<string> = new Set(
  parse(readFileSync(new URL('./schema.graphql', import.meta.url), 'utf8')).definitions.flatMap((definition) => {
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION && definition.kind !== Kind.OBJECT_TYPE_EXTENSION) return [];
    if (definition.name.value === AGREEMENT_TYPE) return [];
    return (definition.fields ?? [])
      .map((field) => `${definition.name.value}.${field.name.value}`)
      .filter((coordinate) => !AGREEMENT_FIELDS.has(coordinate));
  }),
);

const COLUMNS = `partner_city AS "partnerCity", partner_name AS "partnerName", district_codes AS "districtCodes",
  allowed_fields AS "allowedFields", purpose, retention_days AS "retentionDays", valid_from AS "validFrom",
  expires_at AS "expiresAt", updated_at AS "updatedAt", updated_by AS "updatedBy"`;

/** True when `at` lies within the agreement's period of validity `[validFrom, expiresAt)`. */
export function isActive(agreement: SharingAgreement, at = new Date()): boolean {
  return agreement.validFrom.getTime() <= at.getTime() && at.getTime() < agreement.expiresAt.getTime();
}

/** Loads the agreement with `partnerCity` once per request, or null when there is none. */
export function agreementOf(context: SubgraphContext, partnerCity: string): Promise<SharingAgreement | null> {
  const key = `sharingAgreement:${partnerCity}`;
  let loaded = context.loaders.get(key) as Promise<SharingAgreement | null> | undefined;
  if (!loaded) {
    loaded = context.database
      .query<SharingAgreement>(`SELECT ${COLUMNS} FROM crossborder.sharing_agreements WHERE partner_city = $1`, [
        partnerCity,
      ])
      .then(({ rows }) => rows[0] ?? null);
    context.loaders.set(key, loaded);
  }
  return loaded;
}

export async function listAgreements(database: Queryable): Promise<SharingAgreement[]> {
  const { rows } = await database.query<SharingAgreement>(
    `SELECT ${COLUMNS} FROM crossborder.sharing_agreements ORDER BY partner_city`,
  );
  return rows;
}

/** Lists every agreement to an own-city user and only its own agreement to a partner city's user. */
export async function readableAgreements(context: SubgraphContext): Promise<SharingAgreement[]> {
  if (isOwnCity(context)) return listAgreements(context.database);
  const own = await agreementOf(context, context.claims.city);
  if (own) context.access.record('SharingAgreement.partnerCity', own.partnerCity, 'RAW');
  return own ? [own] : [];
}

/**
 * Rejects anyone but district-level governance commanders and analysts of this subgraph's city, and records the
 * rejection. Analysts are included because the web app has no agreement form yet, so agreements are written in the
 * workbench, which commanders cannot use.
 */
function assertAgreementManager(context: SubgraphContext): void {
  const { claims } = context;
  const allowed =
    isOwnCity(context) &&
    claims.level === 'DISTRICT' &&
    claims.department === 'governance' &&
    (claims.roles.includes('commander') || claims.roles.includes('analyst'));
  if (allowed) return;
  context.access.deny('Mutation.setSharingAgreement', ForbiddenReason.ROLE);
  throw forbidden('只有本市区级综治指挥人员或研判员可以管理共享协议', ForbiddenReason.ROLE);
}

function checkDistrictCodes(context: SubgraphContext, codes: string[]): void {
  assertIntegerInRange(codes.length, 1, MAX_DISTRICTS, 'districtCodes 的数量');
  for (const code of codes) {
    if (!DISTRICT_CODE.test(code)) {
      throw badUserInput(`districtCodes 须为 6 位区县代码，收到 ${quoted(code)}`, { argument: 'districtCodes' });
    }
    // The retention job destroys the rows these districts shared, so an own district here would destroy own data.
    if (isWithinJurisdiction(context, code)) {
      throw badUserInput(`districtCodes 须为伙伴城市的区县，${code} 属于本市`, { argument: 'districtCodes' });
    }
  }
  if (new Set(codes).size !== codes.length) {
    throw badUserInput('districtCodes 含重复的区县代码', { argument: 'districtCodes' });
  }
}

function checkAllowedFields(fields: string[]): void {
  assertIntegerInRange(fields.length, 1, AGREEMENT_COORDINATES.size, 'allowedFields 的数量');
  const unknown = fields.filter((field) => !AGREEMENT_COORDINATES.has(field));
  if (unknown.length > 0) {
    throw badUserInput(
      `allowedFields 含未知的字段坐标：${unknown.slice(0, 10).map(quoted).join('、')}；须为「类型.字段」形式，例如 BorderZone.name`,
      { argument: 'allowedFields' },
    );
  }
  if (new Set(fields).size !== fields.length) {
    throw badUserInput('allowedFields 含重复的字段坐标', { argument: 'allowedFields' });
  }
}

/** Checks every rule of an agreement that needs no database. The messages name the argument and the value. */
export function checkAgreementInput(context: SubgraphContext, input: SharingAgreementInput): SharingAgreementInput {
  if (!PARTNER_CITY.test(input.partnerCity)) {
    throw badUserInput(`partnerCity 须为 2 到 32 位小写字母、数字或 -，以字母开头，收到 ${quoted(input.partnerCity)}`, {
      argument: 'partnerCity',
    });
  }
  if (input.partnerCity === context.city) {
    throw badUserInput(`partnerCity 不能是本市（${context.city}）`, { argument: 'partnerCity' });
  }
  const partnerName = input.partnerName.trim();
  if (partnerName.length < 1 || partnerName.length > 100) {
    throw badUserInput('partnerName 须为 1 到 100 个字符', { argument: 'partnerName' });
  }
  checkDistrictCodes(context, input.districtCodes);
  checkAllowedFields(input.allowedFields);
  const purpose = purposeSchema.safeParse(input.purpose);
  if (!purpose.success) {
    throw badUserInput('purpose 须为 2 到 100 个字符的文字，不能含控制字符', { argument: 'purpose' });
  }
  assertIntegerInRange(input.retentionDays, RETENTION_DAYS.min, RETENTION_DAYS.max, 'retentionDays');
  if (input.expiresAt.getTime() <= input.validFrom.getTime()) {
    throw badUserInput(
      `expiresAt 须晚于 validFrom，收到 validFrom=${input.validFrom.toISOString()}、expiresAt=${input.expiresAt.toISOString()}`,
      { argument: 'expiresAt' },
    );
  }
  return { ...input, partnerName, purpose: purpose.data };
}

/** Creates or replaces the agreement with one partner city, which only district-level governance commanders and analysts may do. */
export async function setAgreement(context: SubgraphContext, input: SharingAgreementInput): Promise<SharingAgreement> {
  assertAgreementManager(context);
  const agreement = checkAgreementInput(context, input);
  const { rows } = await context.database.query<SharingAgreement>(
    `INSERT INTO crossborder.sharing_agreements (partner_city, partner_name, district_codes, allowed_fields, purpose,
                                                 retention_days, valid_from, expires_at, updated_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     ON CONFLICT (partner_city) DO UPDATE SET
       partner_name = EXCLUDED.partner_name, district_codes = EXCLUDED.district_codes,
       allowed_fields = EXCLUDED.allowed_fields, purpose = EXCLUDED.purpose, retention_days = EXCLUDED.retention_days,
       valid_from = EXCLUDED.valid_from, expires_at = EXCLUDED.expires_at, updated_at = now(),
       updated_by = EXCLUDED.updated_by
     RETURNING ${COLUMNS}`,
    [
      agreement.partnerCity,
      agreement.partnerName,
      agreement.districtCodes,
      agreement.allowedFields,
      agreement.purpose,
      agreement.retentionDays,
      agreement.validFrom.toISOString(),
      agreement.expiresAt.toISOString(),
      context.claims.sub,
    ],
  );
  context.logger.info(
    { partnerCity: agreement.partnerCity, expiresAt: agreement.expiresAt, by: context.claims.sub },
    'sharing agreement set',
  );
  return rows[0] as SharingAgreement;
}

/**
 * Fields of the demo agreement: border zones with their outline, incident counts, hotspots, and shared incidents
 * without their precise location, plus sharing the partner's own incidents.
 */
export const DEMO_ALLOWED_FIELDS = [...AGREEMENT_COORDINATES].filter(
  (coordinate) => coordinate !== 'SharedIncident.location',
);
const DEMO_RETENTION_DAYS = 180;

/**
 * Adds a one-year demo agreement with each partner city that has none yet, so that the demo hubs work together.
 * An existing agreement is left as it is. Production data gets no agreement until a commander records one.
 */
export async function seedDemoAgreements(
  database: Database,
  partners: { id: string; name: string; districts: string[] }[],
  logger: Logger,
): Promise<void> {
  for (const partner of partners) {
    const inserted = await database.query(
      `INSERT INTO crossborder.sharing_agreements (partner_city, partner_name, district_codes, allowed_fields, purpose,
                                                   retention_days, valid_from, expires_at, updated_by)
       VALUES ($1, $2, $3, $4, '交界地带联合防控：共享和研判交界地带警情', $5,
               date_trunc('day', now()), date_trunc('day', now()) + interval '1 year', 'demo-data')
       ON CONFLICT (partner_city) DO NOTHING`,
      [partner.id, partner.name, partner.districts, DEMO_ALLOWED_FIELDS, DEMO_RETENTION_DAYS],
    );
    if (inserted.rowCount > 0) logger.info({ partnerCity: partner.id }, 'demo sharing agreement added');
  }
}

import { maskName, maskPhone, maskResidentId } from '@lianfang/identifiers';
import { defaultFieldResolver, type GraphQLFieldResolver, type GraphQLSchema, Kind } from 'graphql';
import { z } from 'zod';
import { ForbiddenReason, forbidden } from '../errors.js';
import type { AccessContext } from './jurisdiction.js';
import type { Disclosure } from './recorder.js';

/**
 * The project's field-level rule for personal data, declared in each subgraph's schema and composed into the
 * supergraph with `@composeDirective`:
 *
 * ```graphql
 * idNumber: String! @personal(kind: "ID_NUMBER", readableBy: ["police"])
 * ```
 *
 * The subgraph that owns the field enforces it: the departments in `readableBy` receive the raw value when the
 * request declares a purpose; everyone else receives the masked value (`otherwise: "MASK"`, the default) or a
 * `FORBIDDEN` error on the field (`otherwise: "FORBID"`). Every value resolved is recorded for the audit log.
 */
export const PERSONAL_DIRECTIVE = 'personal';

/** Link and definition that a subgraph schema adds to use `@personal`. */
export const PERSONAL_DIRECTIVE_LINK = 'https://lianfang.local/access/v1.0';

const MASKERS: Record<string, ((value: string) => string) | undefined> = {
  NAME: maskName,
  ID_NUMBER: maskResidentId,
  PHONE: maskPhone,
  RECORD: undefined,
};

const KIND_LABELS: Record<string, string> = {
  NAME: '姓名',
  ID_NUMBER: '公民身份号码',
  PHONE: '手机号',
  RECORD: '违法犯罪记录',
};

const DEPARTMENT_LABELS: Record<string, string> = {
  governance: '综治',
  police: '公安',
  housing: '住建',
  market: '市场监管',
  fire: '消防',
  utilities: '水电',
  audit: '审计',
};

const ruleSchema = z
  .object({
    kind: z.enum(['NAME', 'ID_NUMBER', 'PHONE', 'RECORD']),
    readableBy: z.array(z.enum(['governance', 'police', 'housing', 'market', 'fire', 'utilities'])).min(1),
    otherwise: z.enum(['MASK', 'FORBID']).default('MASK'),
  })
  .refine((rule) => rule.otherwise === 'FORBID' || MASKERS[rule.kind] !== undefined, {
    message: 'this kind has no mask; use otherwise: "FORBID"',
  });

export type PersonalRule = z.infer<typeof ruleSchema>;

/** Returns what a caller receives for a field under `rule`, and the reason when it is not the raw value. */
export function disclosureFor(
  rule: PersonalRule,
  context: AccessContext,
): { disclosure: Disclosure; reason?: ForbiddenReason } {
  const { claims } = context;
  const ownCity = claims.city === context.city;
  if (ownCity && (rule.readableBy as string[]).includes(claims.department)) {
    if (claims.purpose) return { disclosure: 'RAW' };
    return { disclosure: rule.otherwise === 'MASK' ? 'MASKED' : 'DENIED', reason: ForbiddenReason.PURPOSE_REQUIRED };
  }
  return { disclosure: rule.otherwise === 'MASK' ? 'MASKED' : 'DENIED', reason: ForbiddenReason.DEPARTMENT_SCOPE };
}

function deniedError(rule: PersonalRule, reason: ForbiddenReason | undefined) {
  const label = KIND_LABELS[rule.kind];
  if (reason === ForbiddenReason.PURPOSE_REQUIRED) {
    return forbidden(`查看${label}须声明用途（如案件编号），请填写用途后重试`, reason);
  }
  const readers = rule.readableBy.map((department) => DEPARTMENT_LABELS[department]).join('、');
  return forbidden(`${label}仅限${readers}部门查看，本账号无权查看`, ForbiddenReason.DEPARTMENT_SCOPE);
}

function argumentValue(node: { value: { kind: string } }): unknown {
  const value = node.value as { kind: string; value?: string; values?: { kind: string; value?: string }[] };
  if (value.kind === Kind.LIST) return (value.values ?? []).map((item) => item.value);
  return value.value;
}

/** Reads the `@personal` rule of a field from its schema definition, or undefined when it has none. */
function ruleOf(
  astNode: { directives?: readonly { name: { value: string }; arguments?: readonly unknown[] }[] } | null | undefined,
  coordinate: string,
): PersonalRule | undefined {
  const directive = astNode?.directives?.find((node) => node.name.value === PERSONAL_DIRECTIVE);
  if (!directive) return undefined;
  const args = Object.fromEntries(
    ((directive.arguments ?? []) as { name: { value: string }; value: { kind: string } }[]).map((node) => [
      node.name.value,
      argumentValue(node),
    ]),
  );
  const parsed = ruleSchema.safeParse(args);
  if (!parsed.success) {
    throw new Error(
      `Invalid @personal on ${coordinate}: ${parsed.error.issues.map((issue) => issue.message).join('; ')}`,
    );
  }
  return parsed.data;
}

/** Id of the entity a personal field belongs to, for the audit log. */
function entityIdOf(source: unknown): string | undefined {
  const record = source as { id?: unknown } | null;
  return typeof record?.id === 'string' || typeof record?.id === 'number' ? String(record.id) : undefined;
}

/**
 * Wraps the resolver of every field that carries `@personal`, so the rule is applied to whatever the department's
 * resolver returns. Returns the coordinates of the wrapped fields (`Resident.idNumber`…). A field's resolver must
 * return the raw value; masking anywhere else would hide raw values from the departments allowed to read them.
 */
export function enforcePersonalData(schema: GraphQLSchema): string[] {
  const wrapped: string[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    // Object types only; read through properties, so a schema built by another copy of graphql-js works too.
    if (type.name.startsWith('__') || !('getInterfaces' in type) || !('getFields' in type)) continue;
    for (const field of Object.values(type.getFields())) {
      const coordinate = `${type.name}.${field.name}`;
      const rule = ruleOf(field.astNode, coordinate);
      if (!rule) continue;
      const resolve = (field.resolve ?? defaultFieldResolver) as GraphQLFieldResolver<unknown, AccessContext>;
      const mask = MASKERS[rule.kind];
      field.resolve = async (source, args, context: AccessContext, info) => {
        const value = await resolve(source, args, context, info);
        if (value === null || value === undefined) return value;
        const { disclosure, reason } = disclosureFor(rule, context);
        context.access.record(coordinate, entityIdOf(source), disclosure, reason);
        if (disclosure === 'RAW') return value;
        if (disclosure === 'MASKED' && mask) return mask(String(value));
        throw deniedError(rule, reason);
      };
      wrapped.push(coordinate);
    }
  }
  return wrapped;
}

import { ForbiddenReason, forbidden } from '../errors.js';
import type { Claims } from './claims.js';
import { guardEntryPoints, type ResolverMap } from './entry-points.js';
import type { AccessRecorder } from './recorder.js';

/** The part of a subgraph's request context that access rules read. */
export interface AccessContext {
  claims: Claims;
  /** The city this subgraph belongs to; claims signed by another city's gateway come from a partner. */
  city: string;
  access: AccessRecorder;
}

/**
 * A user's jurisdiction is their org unit and every unit below it. Codes nest by prefix (区 320509, 街道
 * 320509001, 社区 320509001001, 网格 320509001001001), so "within" is a prefix test, which SQL can apply as
 * `code LIKE scope || '%'` (see `jurisdictionPattern`).
 */
export function isWithinJurisdiction(context: AccessContext, code: string): boolean {
  return isOwnCity(context) && code.startsWith(context.claims.orgUnit);
}

/** True when the caller works for this subgraph's city rather than a partner city. */
export function isOwnCity(context: AccessContext): boolean {
  return context.claims.city === context.city;
}

/**
 * `LIKE` pattern of the codes the caller may read, for filtering rows in SQL. A partner city's caller gets a pattern
 * that matches nothing, because their jurisdiction lies in their own city.
 */
export function jurisdictionPattern(context: AccessContext): string {
  return isOwnCity(context) ? `${context.claims.orgUnit}%` : '\u0000';
}

/**
 * Refuses a request for an org unit outside the caller's jurisdiction with `FORBIDDEN` (`OUT_OF_JURISDICTION`) and
 * records the refusal for the audit log. `target` names what was asked for, e.g. `Query.incidents`.
 */
export function assertWithinJurisdiction(context: AccessContext, code: string, target: string): void {
  if (isWithinJurisdiction(context, code)) return;
  context.access.deny(`${target}(${code})`, ForbiddenReason.OUT_OF_JURISDICTION);
  throw forbidden(
    `组织单元 ${code} 不在本账号的管辖范围（${context.claims.orgUnit} 及其下级）内，无权查看`,
    ForbiddenReason.OUT_OF_JURISDICTION,
    { orgUnit: code },
  );
}

/**
 * Refuses an entity (an address, a rental…) of a unit outside the caller's jurisdiction, as `assertWithinJurisdiction`.
 * `target` goes into the audit log's `fields` and the message, so it names the entity as `Type(id)` or the field as
 * `Query.field(argument)`, e.g. `PatrolZone(pz-1)`.
 */
export function outOfJurisdiction(context: AccessContext, target: string, code: string) {
  context.access.deny(target, ForbiddenReason.OUT_OF_JURISDICTION);
  return forbidden(
    `${target} 属于 ${code}，不在本账号的管辖范围（${context.claims.orgUnit} 及其下级）内，无权查看`,
    ForbiddenReason.OUT_OF_JURISDICTION,
  );
}

/**
 * True when the unit `code` and the caller's jurisdiction overlap: the unit lies within the jurisdiction, or the
 * jurisdiction lies within the unit. A street's patrol zone, for example, also covers the street's communities.
 */
export function overlapsJurisdiction(context: AccessContext, code: string): boolean {
  return isOwnCity(context) && (code.startsWith(context.claims.orgUnit) || context.claims.orgUnit.startsWith(code));
}

/**
 * Returns an entity loaded by id when its org unit lies within the caller's jurisdiction, and null when it does not
 * exist. Throws `outOfJurisdiction` for an entity of another unit, so its data never reaches the response.
 */
export function entityWithinJurisdiction<Entity>(
  context: AccessContext,
  entity: Entity | null | undefined,
  codeOf: (entity: Entity) => string,
  target: string,
): Entity | null {
  if (entity === null || entity === undefined) return null;
  const code = codeOf(entity);
  if (!isWithinJurisdiction(context, code)) throw outOfJurisdiction(context, target, code);
  return entity;
}

/** Rejects a partner city's caller with `FORBIDDEN` (`OUTSIDE_AGREEMENT`) and records the rejection. */
export function assertOwnCity(context: AccessContext, target: string): void {
  if (isOwnCity(context)) return;
  context.access.deny(target, ForbiddenReason.OUTSIDE_AGREEMENT);
  throw forbidden(
    `${target} 仅向本市（${context.city}）用户开放；跨市协同数据请通过跨界协同服务查询`,
    ForbiddenReason.OUTSIDE_AGREEMENT,
  );
}

/**
 * Wraps every `Query` field and every entity's `__resolveReference` so that a partner city's caller is rejected
 * before any row is read. Department subgraphs serve their own city only, and partners read shared data through the
 * cross-border subgraph.
 */
export function ownCityOnly<Resolvers extends ResolverMap>(resolvers: Resolvers): Resolvers {
  return guardEntryPoints(resolvers, (context, target) => assertOwnCity(context, target));
}

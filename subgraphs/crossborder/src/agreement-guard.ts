/**
 * Enforcement of the sharing agreements. Before any resolver of a partner city's request runs, every field the
 * operation selects on this subgraph is checked against the partner's agreement, and the whole request is refused
 * when one is outside it. Own-city requests pass unchecked here and are limited by jurisdiction instead.
 */
import { createRequire } from 'node:module';
import {
  ForbiddenReason,
  forbidden,
  guardEntryPoints,
  isOwnCity,
  type SubgraphContext,
  type SubgraphResolvers,
} from '@lianfang/subgraph-kit';
import type { ASTNode, FragmentDefinitionNode, GraphQLResolveInfo } from 'graphql';
import { AGREEMENT_FIELDS, AGREEMENT_TYPE, agreementOf, isActive, type SharingAgreement } from './agreements.js';

// @apollo/subgraph builds the schema with the CommonJS build of graphql-js, and TypeInfo rejects a schema of another
// build (it checks classes with instanceof), so TypeInfo is taken from the CommonJS build too.
const { TypeInfo, visit, visitWithTypeInfo } = createRequire(import.meta.url)('graphql') as typeof import('graphql');

/** Fields the federation library adds for the gateway: they carry entity selections, which are checked instead. */
const FEDERATION_FIELDS = new Set(['Query._service', 'Query._entities', '_Service.sdl']);

/** Lists the coordinates (`Type.field`) of every field the operation selects, fragments included. */
export function selectedCoordinates(info: GraphQLResolveInfo): string[] {
  const typeInfo = new TypeInfo(info.schema);
  const coordinates = new Set<string>();
  const visited = new Set<string>();
  const pending: ASTNode[] = [info.operation];
  const visitor = visitWithTypeInfo(typeInfo, {
    Field() {
      const parent = typeInfo.getParentType();
      const field = typeInfo.getFieldDef();
      if (parent && field && !field.name.startsWith('__')) coordinates.add(`${parent.name}.${field.name}`);
    },
    FragmentSpread(node) {
      const name = node.name.value;
      const fragment: FragmentDefinitionNode | undefined = info.fragments[name];
      if (fragment && !visited.has(name)) {
        visited.add(name);
        pending.push(fragment);
      }
    },
  });
  for (let node = pending.pop(); node; node = pending.pop()) visit(node, visitor);
  return [...coordinates].sort();
}

/** True for the fields that no agreement restricts: the federation fields and the agreement fields. */
function isUnrestricted(coordinate: string): boolean {
  return (
    FEDERATION_FIELDS.has(coordinate) || AGREEMENT_FIELDS.has(coordinate) || coordinate.startsWith(`${AGREEMENT_TYPE}.`)
  );
}

/** Records the rejection of `fields` for the audit log and returns the error that rejects the request. */
function rejection(context: SubgraphContext, fields: string[], reason: ForbiddenReason, message: string) {
  for (const field of fields) context.access.deny(field, reason);
  return forbidden(message, reason, { fields, partnerCity: context.claims.city });
}

function agreementLabel(agreement: SharingAgreement): string {
  return `与${agreement.partnerName}（${agreement.partnerCity}）的共享协议`;
}

/** Checks one partner request against its agreement and, when it may proceed, records the fields it reads. */
async function checkPartnerRequest(context: SubgraphContext, info: GraphQLResolveInfo): Promise<void> {
  const fields = selectedCoordinates(info).filter((coordinate) => !isUnrestricted(coordinate));
  if (fields.length === 0) return;
  const city = context.claims.city;
  const agreement = await agreementOf(context, city);
  if (!agreement) {
    throw rejection(
      context,
      fields,
      ForbiddenReason.OUTSIDE_AGREEMENT,
      `本市与 ${city} 之间没有共享协议，拒绝访问跨界数据：${fields.join('、')}`,
    );
  }
  const now = new Date();
  if (!isActive(agreement, now)) {
    const when =
      now < agreement.validFrom
        ? `将于 ${agreement.validFrom.toISOString()} 生效`
        : `已于 ${agreement.expiresAt.toISOString()} 到期`;
    throw rejection(
      context,
      fields,
      ForbiddenReason.OUTSIDE_AGREEMENT,
      `${agreementLabel(agreement)}${when}，拒绝访问跨界数据：${fields.join('、')}`,
    );
  }
  const outside = fields.filter((field) => !agreement.allowedFields.includes(field));
  if (outside.length > 0) {
    throw rejection(
      context,
      outside,
      ForbiddenReason.OUTSIDE_AGREEMENT,
      `字段 ${outside.join('、')} 不在${agreementLabel(agreement)}范围内，请求被拒绝；协议允许的字段可用 sharingAgreements 查询`,
    );
  }
  // A request that declares no purpose of its own, such as the partner's map layers, runs under the agreement's
  // purpose; its audit record says so with the reason AGREEMENT_PURPOSE.
  const reason = context.claims.purpose ? undefined : 'AGREEMENT_PURPOSE';
  for (const field of fields) context.access.record(field, undefined, 'RAW', reason);
}

/** Runs the agreement check once per request, so every root resolver of the request awaits the same result. */
export function guardRequest(context: SubgraphContext, info: GraphQLResolveInfo): Promise<void> {
  if (isOwnCity(context)) return Promise.resolve();
  const key = 'agreementGuard';
  let checked = context.loaders.get(key) as Promise<void> | undefined;
  if (!checked) {
    checked = checkPartnerRequest(context, info);
    context.loaders.set(key, checked);
  }
  return checked;
}

/** Wraps the entry points of a request so that nothing resolves for a partner before it has passed `guardRequest`. */
export function withAgreementGuard(resolvers: SubgraphResolvers): SubgraphResolvers {
  return guardEntryPoints<SubgraphResolvers, SubgraphContext>(resolvers, (context, _target, info) =>
    guardRequest(context, info),
  );
}

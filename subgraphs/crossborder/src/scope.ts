import { isOwnCity, isWithinJurisdiction, type SubgraphContext } from '@lianfang/subgraph-kit';
import { agreementOf } from './agreements.js';

/**
 * Returns a test of whether the caller may see a border zone with the given district codes. An own-city user sees
 * the zones that touch a district within their jurisdiction or the district their unit lies in, so a community
 * user of 320509 sees 320509's zones. A partner city's user sees the zones that touch their own district when the
 * agreement lists that district.
 */
export async function zoneVisibility(context: SubgraphContext): Promise<(districtCodes: string[]) => boolean> {
  const { orgUnit } = context.claims;
  if (isOwnCity(context)) {
    return (codes) => codes.some((code) => isWithinJurisdiction(context, code) || orgUnit.startsWith(code));
  }
  const agreement = await agreementOf(context, context.claims.city);
  const partnerDistricts = new Set(agreement?.districtCodes ?? []);
  return (codes) => codes.some((code) => partnerDistricts.has(code) && orgUnit.startsWith(code));
}

/**
 * Returns the `LIKE` pattern of the units whose shared incidents the caller may read within the zones they see, or
 * null for a district-level user, whose jurisdiction is a whole side of the zone and who sees the other side's
 * shared incidents too. Below district level a user sees the shared incidents of their own unit only (rows shared
 * without a unit count as the district's).
 */
export function sharedIncidentPattern(context: SubgraphContext): string | null {
  return context.claims.level === 'DISTRICT' ? null : `${context.claims.orgUnit}%`;
}

/** SQL condition on `crossborder.shared_incidents` rows for the pattern passed as parameter `$n`. */
export function sharedIncidentCondition(parameter: number): string {
  return `($${parameter}::text IS NULL OR coalesce(org_unit_code, incident_district_code) LIKE $${parameter}::text)`;
}

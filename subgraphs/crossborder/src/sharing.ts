/**
 * Sharing of incidents into a border zone by one of the two cities, all or nothing. Sharing is idempotent by
 * incident id, so a city can resend a batch after a timeout without creating duplicates.
 */
import {
  assertIntegerInRange,
  assertOrgUnitCode,
  assertPoint,
  assertWithinJurisdiction,
  badUserInput,
  ForbiddenReason,
  forbidden,
  isOwnCity,
  quoted,
  type SubgraphContext,
} from '@lianfang/subgraph-kit';
import { agreementOf } from './agreements.js';

export interface SharedIncidentInput {
  id: string;
  zone: string;
  category: string;
  occurredAt: Date;
  lon: number;
  lat: number;
  incidentDistrictCode: string;
  suspectResidenceDistrictCode?: string | null;
  orgUnit?: string | null;
}

const MAX_INCIDENTS_PER_CALL = 5000;
const DISTRICT_CODE = /^[0-9]{6}$/;
const INCIDENT_ID = /^[A-Za-z0-9._-]{1,64}$/;

function assertDistrictCode(value: string, argument: string): void {
  if (!DISTRICT_CODE.test(value)) {
    throw badUserInput(`${argument} 须为 6 位区县代码，收到 ${quoted(value)}`, { argument });
  }
}

/** Checks every field that needs no database; the first bad incident is named with its position. */
function checkInputs(sourceDistrict: string, incidents: SharedIncidentInput[]): void {
  assertDistrictCode(sourceDistrict, 'sourceDistrict');
  assertIntegerInRange(incidents.length, 1, MAX_INCIDENTS_PER_CALL, 'incidents 的数量');
  const now = Date.now();
  const seen = new Set<string>();
  for (const [index, incident] of incidents.entries()) {
    const where = `incidents[${index}]`;
    if (!INCIDENT_ID.test(incident.id)) {
      throw badUserInput(`${where}.id 须为 1 到 64 位字母、数字或 ._-，收到 ${quoted(incident.id)}`, {
        argument: where,
      });
    }
    if (seen.has(incident.id)) throw badUserInput(`${where}.id ${incident.id} 在本次提交中重复`, { argument: where });
    seen.add(incident.id);
    assertPoint(incident.lon, incident.lat);
    assertDistrictCode(incident.incidentDistrictCode, `${where}.incidentDistrictCode`);
    if (incident.suspectResidenceDistrictCode) {
      assertDistrictCode(incident.suspectResidenceDistrictCode, `${where}.suspectResidenceDistrictCode`);
    }
    if (incident.orgUnit) {
      assertOrgUnitCode(incident.orgUnit, `${where}.orgUnit`);
      if (!incident.orgUnit.startsWith(incident.incidentDistrictCode)) {
        throw badUserInput(
          `${where}.orgUnit ${incident.orgUnit} 不属于案发地区县 ${incident.incidentDistrictCode}，请填写该区县或其下级单元的代码`,
          { argument: `${where}.orgUnit` },
        );
      }
    }
    if (incident.occurredAt.getTime() > now) {
      throw badUserInput(`${where}.occurredAt 晚于当前时间：${incident.occurredAt.toISOString()}`, { argument: where });
    }
  }
}

/**
 * Rejects sharing for a district outside the caller's jurisdiction. A partner city's caller may share only for a
 * district of its own jurisdiction that its agreement lists, so that the retention job later finds those rows.
 */
async function assertMayShareFor(context: SubgraphContext, sourceDistrict: string): Promise<void> {
  const target = 'Mutation.shareIncidents';
  if (isOwnCity(context)) {
    assertWithinJurisdiction(context, sourceDistrict, target);
    return;
  }
  const agreement = await agreementOf(context, context.claims.city);
  if (!agreement?.districtCodes.includes(sourceDistrict)) {
    context.access.deny(`${target}(${sourceDistrict})`, ForbiddenReason.OUTSIDE_AGREEMENT);
    throw forbidden(
      `区县 ${sourceDistrict} 不在与 ${context.claims.city} 的共享协议所列区县内，不能以它的名义共享警情`,
      ForbiddenReason.OUTSIDE_AGREEMENT,
      { argument: 'sourceDistrict' },
    );
  }
  if (!sourceDistrict.startsWith(context.claims.orgUnit)) {
    context.access.deny(`${target}(${sourceDistrict})`, ForbiddenReason.OUT_OF_JURISDICTION);
    throw forbidden(
      `区县 ${sourceDistrict} 不在本账号的管辖范围（${context.claims.orgUnit} 及其下级）内，不能以它的名义共享警情`,
      ForbiddenReason.OUT_OF_JURISDICTION,
      { argument: 'sourceDistrict' },
    );
  }
}

/**
 * Shares incidents into their zones in one transaction. Rejects the whole batch when a zone is unknown, the source
 * district or an incident's district is not a side of its zone, or a point lies outside its zone.
 */
export async function shareIncidents(
  context: SubgraphContext,
  sourceDistrict: string,
  incidents: SharedIncidentInput[],
): Promise<{ accepted: number; alreadyShared: number }> {
  checkInputs(sourceDistrict, incidents);
  await assertMayShareFor(context, sourceDistrict);
  const rows = incidents.map((incident) => ({
    id: incident.id,
    zone_id: incident.zone,
    category: incident.category,
    occurred_at: incident.occurredAt.toISOString(),
    lon: incident.lon,
    lat: incident.lat,
    incident_district_code: incident.incidentDistrictCode,
    suspect_residence_district_code: incident.suspectResidenceDistrictCode ?? null,
    org_unit_code: incident.orgUnit ?? null,
  }));

  return context.database.transaction(async (tx) => {
    // One statement finds every incident that breaks a zone rule, so the error can list them all.
    const { rows: invalid } = await tx.query<{ id: string; problem: string }>(
      `SELECT input.id,
              CASE WHEN zone.id IS NULL THEN 'zone'
                   WHEN NOT ($2 = ANY(zone.district_codes)) THEN 'source'
                   WHEN NOT (input.incident_district_code = ANY(zone.district_codes)) THEN 'district'
                   ELSE 'outside' END AS problem
       FROM jsonb_to_recordset($1::jsonb) AS input(id text, zone_id text, lon float8, lat float8, incident_district_code text)
       LEFT JOIN crossborder.border_zones zone ON zone.id = input.zone_id
       WHERE zone.id IS NULL OR NOT ($2 = ANY(zone.district_codes))
          OR NOT (input.incident_district_code = ANY(zone.district_codes))
          OR NOT ST_Covers(zone.band, ST_SetSRID(ST_MakePoint(input.lon, input.lat), 4326))
       ORDER BY input.id LIMIT 20`,
      [JSON.stringify(rows), sourceDistrict],
    );
    if (invalid.length > 0) {
      const reasons: Record<string, string> = {
        zone: '交界地带不存在',
        source: '共享方不是该交界地带的一方',
        district: '案发地区县不是该交界地带的一方',
        outside: '位置不在该交界地带内',
      };
      const listed = invalid.map((row) => `${row.id}（${reasons[row.problem] ?? row.problem}）`).join('、');
      throw badUserInput(`共享被拒绝，未写入任何警情：${listed}`, { argument: 'incidents' });
    }

    // An id already shared by another district belongs to that district: the batch is rejected rather than the row
    // silently kept, so one side cannot take the other's ids and block its shares.
    const { rows: taken } = await tx.query<{ id: string }>(
      `SELECT id FROM crossborder.shared_incidents WHERE id = ANY($1) AND source_district_code <> $2 ORDER BY id LIMIT 20`,
      [rows.map((row) => row.id), sourceDistrict],
    );
    if (taken.length > 0) {
      throw badUserInput(
        `共享被拒绝，未写入任何警情：编号 ${taken.map((row) => row.id).join('、')} 已由其他区县共享，请为本区县的警情使用带本区县前缀的编号`,
        { argument: 'incidents', reason: 'ID_TAKEN' },
      );
    }
    const inserted = await tx.query(
      `INSERT INTO crossborder.shared_incidents (id, zone_id, source_district_code, category, occurred_at, location,
                                                incident_district_code, suspect_residence_district_code, org_unit_code)
       SELECT id, zone_id, $2, category, occurred_at, ST_SetSRID(ST_MakePoint(lon, lat), 4326),
              incident_district_code, suspect_residence_district_code, org_unit_code
       FROM jsonb_to_recordset($1::jsonb) AS input(id text, zone_id text, category text, occurred_at timestamptz,
              lon float8, lat float8, incident_district_code text, suspect_residence_district_code text,
              org_unit_code text)
       ON CONFLICT (id) DO NOTHING`,
      [JSON.stringify(rows), sourceDistrict],
    );
    return { accepted: inserted.rowCount, alreadyShared: rows.length - inserted.rowCount };
  });
}

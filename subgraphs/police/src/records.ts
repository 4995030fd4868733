import { groupBy, requestListLoader, type SubgraphContext } from '@lianfang/subgraph-kit';

interface CriminalRecordRow {
  residentId: string;
  offence: string;
  decidedOn: string;
  authority: string;
}

/**
 * Loads the criminal records of each resident, oldest decision first. The values are raw: the schema's `@personal`
 * rule on `Resident.records` withholds them from every caller except the police with a declared purpose.
 */
export function criminalRecordsLoader(context: SubgraphContext) {
  return requestListLoader<string, CriminalRecordRow>(context, 'criminalRecordsByResident', async (residentIds) => {
    const { rows } = await context.database.query<CriminalRecordRow>(
      `SELECT resident_id AS "residentId", offence, to_char(decided_on, 'YYYY-MM-DD') AS "decidedOn", authority
       FROM police.criminal_records WHERE resident_id = ANY($1) ORDER BY decided_on, id`,
      [residentIds],
    );
    return groupBy(rows, (row) => row.residentId);
  });
}

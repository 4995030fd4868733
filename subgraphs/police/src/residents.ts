import { groupBy, requestListLoader, type SubgraphContext } from '@lianfang/subgraph-kit';

interface ResidentRow {
  id: string;
  address_id: string;
  name: string;
  id_number: string;
  phone: string | null;
  registered_on: string;
  residence_type: 'PERMANENT' | 'FLOATING';
}

/** Loads the registered residents of each address, in order of registration. */
export function residentsLoader(context: SubgraphContext) {
  return requestListLoader<string, ResidentRow>(context, 'residentsByAddress', async (addressIds) => {
    const { rows } = await context.database.query<ResidentRow>(
      `SELECT id, address_id, name, id_number, phone, to_char(registered_on, 'YYYY-MM-DD') AS registered_on,
              residence_type
       FROM police.residents WHERE address_id = ANY($1) ORDER BY registered_on, id`,
      [addressIds],
    );
    return groupBy(rows, (row) => row.address_id);
  });
}

/**
 * A resident as the API shows it. The values are raw: the schema's `@personal` rules mask them for callers who may
 * not read them.
 */
export function presentResident(row: ResidentRow) {
  return {
    id: row.id,
    name: row.name,
    idNumber: row.id_number,
    phone: row.phone,
    residenceType: row.residence_type,
    registeredOn: row.registered_on,
  };
}

export type Resident = ReturnType<typeof presentResident>;

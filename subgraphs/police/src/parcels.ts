import { badUserInput, groupBy, requestListLoader, type SubgraphContext } from '@lianfang/subgraph-kit';

export const MAX_PARCEL_MONTHS = 36;

interface ParcelMonthRow {
  addressId: string;
  month: string;
  parcels: number;
}

/**
 * Loads the latest `months` months that have a delivery report for each address, oldest first. Months without a
 * report are left out rather than shown as zero, because a missing report is not a month without parcels.
 */
export function parcelsByMonthLoader(context: SubgraphContext, months: number) {
  if (!Number.isInteger(months) || months < 1 || months > MAX_PARCEL_MONTHS) {
    throw badUserInput(`months 须为 1 到 ${MAX_PARCEL_MONTHS} 之间的整数，收到 ${months}`, { argument: 'months' });
  }
  return requestListLoader<string, ParcelMonthRow>(context, `parcelsByMonth:${months}`, async (addressIds) => {
    const { rows } = await context.database.query<ParcelMonthRow>(
      `SELECT "addressId", month, parcels FROM (
         SELECT address_id AS "addressId", to_char(month, 'YYYY-MM') AS month, parcels,
                row_number() OVER (PARTITION BY address_id ORDER BY month DESC) AS recency
         FROM police.parcel_deliveries WHERE address_id = ANY($1)
       ) AS ranked
       WHERE recency <= $2 ORDER BY "addressId", month`,
      [addressIds, months],
    );
    return groupBy(rows, (row) => row.addressId);
  });
}

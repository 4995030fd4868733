/** Monthly parcel deliveries per address, as the couriers report them under the real-name delivery rules. */
import { poisson, type Random, uniform } from './sampling.js';

/** Row of `police.parcel_deliveries` as sent in a batch. */
export interface ParcelDeliveryRow {
  address_id: string;
  month: string;
  parcels: number;
}

export const PARCEL_INSERT_SQL = `
  INSERT INTO police.parcel_deliveries (address_id, month, parcels)
  SELECT address_id, month, parcels
  FROM jsonb_to_recordset($1::jsonb) AS input(address_id text, month date, parcels integer)`;

/**
 * Generates one count per month: about 1 plus 1.5 per resident on average, times a per-address factor between 0.5
 * and 2 for how much the household shops online. `override` replaces the counts of the months it names.
 */
export function generateParcelDeliveries(
  addressId: string,
  residents: number,
  months: string[],
  random: Random,
  override: Record<string, number> = {},
): ParcelDeliveryRow[] {
  const mean = (1 + 1.5 * residents) * uniform(0.5, 2, random);
  return months.map((month) => ({
    address_id: addressId,
    month,
    parcels: override[month] ?? poisson(mean, random),
  }));
}

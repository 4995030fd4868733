/**
 * Monthly meter readings of the utilities (水电) department: electricity with summer and winter peaks (air
 * conditioning and heating) and water with a milder summer peak, both scaled by household size.
 */
import { type HouseholdType, householdType } from './residents.js';
import { type Random, uniform } from './sampling.js';
import { monthOf } from './time.js';

/** Row of `utilities.meter_readings` as sent in a batch. */
export interface MeterReadingRow {
  address_id: string;
  month: string;
  electricity_kwh: number;
  water_m3: number;
  household_type: HouseholdType;
}

export const METER_READING_INSERT_SQL = `
  INSERT INTO utilities.meter_readings (address_id, month, electricity_kwh, water_m3, household_type)
  SELECT address_id, month, electricity_kwh, water_m3, household_type
  FROM jsonb_to_recordset($1::jsonb)
    AS input(address_id text, month date, electricity_kwh numeric, water_m3 numeric, household_type text)`;

/** Months of readings per address. */
export const METER_MONTHS = 12;

// Typical monthly use of a household of each type in a spring month, before the per-home and monthly factors.
const BASE_KWH: Record<HouseholdType, number> = { '1-2': 140, '3-4': 240, '5+': 340 };
const BASE_WATER_M3: Record<HouseholdType, number> = { '1-2': 5, '3-4': 10, '5+': 15 };
// Seasonal factors for January to December.
const ELECTRICITY_SEASON = [1.35, 1.25, 1.0, 0.85, 0.9, 1.1, 1.5, 1.6, 1.2, 0.9, 0.95, 1.2];
const WATER_SEASON = [0.9, 0.9, 0.95, 1.0, 1.05, 1.1, 1.25, 1.25, 1.1, 1.0, 0.95, 0.9];
// An address without registered residents still draws standby power and a little water.
const VACANT_FACTOR = 0.15;

function roundTenth(value: number): number {
  return Math.round(value * 10) / 10;
}

/**
 * Returns the median monthly electricity of an occupied home of a household type in a month (`YYYY-MM-01`). The
 * per-home and monthly factors are symmetric around 1, so this is the median of the generated readings up to
 * sampling noise. Type '1-2' is the exception, because vacant addresses pull its median lower.
 */
export function typicalKwh(type: HouseholdType, month: string): number {
  return BASE_KWH[type] * (ELECTRICITY_SEASON[monthOf(month) - 1] as number);
}

/**
 * Generates one reading per month for an address with `residents` registered residents. `kwhOverride` replaces
 * the electricity of the months it names.
 */
export function generateMeterReadings(
  addressId: string,
  residents: number,
  months: string[],
  random: Random,
  kwhOverride: Record<string, number> = {},
): MeterReadingRow[] {
  const type = householdType(residents);
  const occupancy = residents === 0 ? VACANT_FACTOR : 1;
  const homeElectricity = uniform(0.7, 1.3, random);
  const homeWater = uniform(0.7, 1.3, random);
  return months.map((month) => {
    const season = monthOf(month) - 1;
    const kwh = typicalKwh(type, month) * occupancy * homeElectricity * uniform(0.9, 1.1, random);
    const water =
      BASE_WATER_M3[type] * occupancy * homeWater * (WATER_SEASON[season] as number) * uniform(0.9, 1.1, random);
    return {
      address_id: addressId,
      month,
      electricity_kwh: roundTenth(kwhOverride[month] ?? kwh),
      water_m3: roundTenth(water),
      household_type: type,
    };
  });
}

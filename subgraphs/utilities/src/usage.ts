import { badUserInput, groupBy, requestListLoader, requestLoader, type SubgraphContext } from '@lianfang/subgraph-kit';

export const MAX_USAGE_MONTHS = 36;

/** One month of one address as the API shows it. */
export interface MonthlyUsage {
  addressId: string;
  /** `YYYY-MM`. */
  month: string;
  electricityKwh: number;
  waterM3: number;
  householdType: string;
  /** Median electricity of every address of the same household type in the same month. */
  baselineKwh: number;
  /** `electricityKwh / baselineKwh` rounded to 2 decimals, or null when the baseline is 0. */
  ratio: number | null;
}

/**
 * The end of a usage statement after its `wanted` CTE of readings (address_id, month, electricity_kwh, water_m3,
 * household_type): each reading with the median of its household type in its month and its ratio to that median.
 * The medians are computed only for the (household type, month) pairs that `wanted` contains.
 */
const WITH_BASELINE = `baseline AS (
         SELECT reading.household_type, reading.month,
                percentile_cont(0.5) WITHIN GROUP (ORDER BY reading.electricity_kwh) AS median_kwh
         FROM utilities.meter_readings AS reading
         JOIN (SELECT DISTINCT household_type, month FROM wanted) AS pair USING (household_type, month)
         GROUP BY reading.household_type, reading.month
       )
       SELECT wanted.address_id AS "addressId", to_char(wanted.month, 'YYYY-MM') AS month,
              wanted.electricity_kwh::float8 AS "electricityKwh", wanted.water_m3::float8 AS "waterM3",
              wanted.household_type AS "householdType", baseline.median_kwh::float8 AS "baselineKwh",
              CASE WHEN baseline.median_kwh > 0
                THEN round((wanted.electricity_kwh / baseline.median_kwh::numeric), 2)::float8
              END AS ratio
       FROM wanted JOIN baseline USING (household_type, month)`;

/**
 * Loads the latest `months` months with a reading for each address, oldest first, each compared with the median
 * of its household type in that month. One statement serves the whole batch: the medians are computed only for
 * the (household type, month) pairs that the batch needs.
 */
export function utilityUsageLoader(context: SubgraphContext, months: number) {
  if (!Number.isInteger(months) || months < 1 || months > MAX_USAGE_MONTHS) {
    throw badUserInput(`months 须为 1 到 ${MAX_USAGE_MONTHS} 之间的整数，收到 ${months}`, { argument: 'months' });
  }
  return requestListLoader<string, MonthlyUsage>(context, `utilityUsage:${months}`, async (addressIds) => {
    const { rows } = await context.database.query<MonthlyUsage>(
      `WITH wanted AS (
         SELECT address_id, month, electricity_kwh, water_m3, household_type FROM (
           SELECT address_id, month, electricity_kwh, water_m3, household_type,
                  row_number() OVER (PARTITION BY address_id ORDER BY month DESC) AS recency
           FROM utilities.meter_readings WHERE address_id = ANY($1)
         ) AS ranked
         WHERE recency <= $2
       ),
       ${WITH_BASELINE}
       ORDER BY wanted.address_id, wanted.month`,
      [addressIds, months],
    );
    return groupBy(rows, (row) => row.addressId);
  });
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** Loader key of one (address, month) pair: a JSON array, so no address id can run into the month. */
function usageKey(addressId: string, month: string): string {
  return JSON.stringify([addressId, month]);
}

/**
 * Loads the usage of one address in one month, the `MonthlyUsage` entity's key, compared with the median of its
 * household type in that month. Returns null when the address has no reading for the month. A month that is not
 * `YYYY-MM` is rejected as BAD_USER_INPUT.
 */
export function monthlyUsageByKey(context: SubgraphContext, addressId: string, month: string) {
  if (typeof month !== 'string' || !MONTH.test(month)) {
    throw badUserInput(`month 须为 YYYY-MM 格式的月份，收到 ${JSON.stringify(month)}`, { argument: 'month' });
  }
  const loader = requestLoader<string, MonthlyUsage>(context, 'monthlyUsageByKey', async (keys) => {
    const pairs = keys.map((key) => JSON.parse(key) as [string, string]);
    const { rows } = await context.database.query<MonthlyUsage>(
      `WITH wanted AS (
         SELECT reading.address_id, reading.month, reading.electricity_kwh, reading.water_m3, reading.household_type
         FROM utilities.meter_readings AS reading
         JOIN unnest($1::text[], $2::date[]) AS pair (address_id, month) USING (address_id, month)
       ),
       ${WITH_BASELINE}`,
      [pairs.map(([id]) => id), pairs.map(([, yearMonth]) => `${yearMonth}-01`)],
    );
    return new Map(rows.map((row) => [usageKey(row.addressId, row.month), row]));
  });
  return loader.load(usageKey(addressId, month));
}

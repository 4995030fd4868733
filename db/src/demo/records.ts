/**
 * Criminal records (违法犯罪记录) of a small share of the generated adult residents: court judgments and public
 * security penalty decisions with the district's court or police bureau as the deciding authority. The people are
 * generated, so are their records.
 */
import type { ResidentRow } from './residents.js';
import { chance, pickWeighted, randomFor } from './sampling.js';
import { DAY_MS, shanghaiDate } from './time.js';

/** Row of `police.criminal_records` as sent in a batch. */
export interface CriminalRecordRow {
  id: string;
  resident_id: string;
  offence: string;
  decided_on: string;
  authority: string;
}

export const CRIMINAL_RECORD_INSERT_SQL = `
  INSERT INTO police.criminal_records (id, resident_id, offence, decided_on, authority)
  SELECT id, resident_id, offence, decided_on, authority
  FROM jsonb_to_recordset($1::jsonb)
    AS input(id text, resident_id text, offence text, decided_on date, authority text)`;

/** Share of adult residents with at least one record. */
export const RECORD_SHARE = 0.03;

/** Minimum age at a decision, in years: the age from which Chinese criminal law holds a person fully responsible. */
const MIN_AGE = 16;

type Authority = 'COURT' | 'POLICE';

/** Offences with the kind of authority that decides them, weighted roughly by how often each occurs. */
const OFFENCES: readonly (readonly [readonly [string, Authority], number])[] = [
  [['盗窃罪', 'COURT'], 18],
  [['诈骗罪', 'COURT'], 10],
  [['危险驾驶罪', 'COURT'], 16],
  [['故意伤害罪', 'COURT'], 6],
  [['寻衅滋事罪', 'COURT'], 5],
  [['开设赌场罪', 'COURT'], 3],
  [['帮助信息网络犯罪活动罪', 'COURT'], 6],
  [['盗窃（行政拘留）', 'POLICE'], 12],
  [['殴打他人（行政拘留）', 'POLICE'], 10],
  [['参与赌博（罚款）', 'POLICE'], 8],
  [['吸食毒品（行政拘留）', 'POLICE'], 6],
];

/** Returns the birth date (`YYYY-MM-DD`) that a resident ID number carries in characters 7 to 14. */
function birthDateOf(idNumber: string): string {
  return `${idNumber.slice(6, 10)}-${idNumber.slice(10, 12)}-${idNumber.slice(12, 14)}`;
}

/**
 * Generates the records of `residents`: about `RECORD_SHARE` of those at least 16 years old get one record, and one
 * in five of those a second. Each resident draws from a generator of its own, so the records change no other row.
 */
export function generateCriminalRecords(
  residents: readonly ResidentRow[],
  seed: string,
  now: Date,
  districtName: string,
): CriminalRecordRow[] {
  const records: CriminalRecordRow[] = [];
  for (const resident of residents) {
    const random = randomFor(seed, 'criminal-records', resident.id);
    const adultFrom = Date.parse(`${birthDateOf(resident.id_number)}T00:00:00+08:00`) + MIN_AGE * 365.25 * DAY_MS;
    const adultDays = Math.floor((now.getTime() - adultFrom) / DAY_MS);
    if (adultDays < 30 || !chance(RECORD_SHARE, random)) continue;

    const count = chance(0.2, random) ? 2 : 1;
    for (let index = 1; index <= count; index += 1) {
      const [offence, authority] = pickWeighted(OFFENCES, random);
      records.push({
        id: `CR${resident.id.slice(1)}-${index}`,
        resident_id: resident.id,
        offence,
        decided_on: shanghaiDate(now.getTime() - random.integer(1, adultDays) * DAY_MS),
        authority: authority === 'COURT' ? `${districtName}人民法院` : `${districtName}公安分局`,
      });
    }
  }
  return records;
}

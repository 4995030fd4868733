import { isValidCreditCode, isValidResidentId } from '@lianfang/identifiers';
import { describe, expect, it } from 'vitest';
import { createRandom } from '../jurisdiction/random.js';
import type { Address } from './addresses.js';
import { generateRental } from './housing.js';
import { generateEnterprise, organisationCodeCheckCharacter } from './market.js';
import { generateParcelDeliveries } from './parcels.js';
import { generateResidents, householdType } from './residents.js';
import { monthsBefore } from './time.js';
import { generateMeterReadings, typicalKwh } from './utilities.js';

const now = new Date('2025-06-15T00:00:00+08:00');
const address: Address = {
  id: 'A320509001001-0001',
  text: '吴江区松陵街道西塘社区 柳兴路 1 号',
  communityCode: '320509001001',
  point: [120.64, 31.16],
  createdAt: '2020-01-01T00:00:00.000Z',
};
const months = monthsBefore(now, 12);

describe('generateResidents', () => {
  it('issues valid, unique ID numbers with plausible birth dates', () => {
    const issuedIdNumbers = new Set<string>();
    const random = createRandom('residents');
    const residents = Array.from({ length: 300 }, () =>
      generateResidents(address, 6, { now, districtCode: '320509', issuedIdNumbers }, random),
    ).flat();
    expect(residents).toHaveLength(1800);
    expect(issuedIdNumbers.size).toBe(1800);
    for (const resident of residents) {
      expect(isValidResidentId(resident.id_number), resident.id_number).toBe(true);
      const birth = resident.id_number.slice(6, 14);
      expect(birth >= '19360101', birth).toBe(true);
      expect(birth <= '20250615', birth).toBe(true);
      expect(resident.registered_on.replaceAll('-', '') >= birth).toBe(true);
      if (resident.residence_type === 'PERMANENT') expect(resident.id_number.slice(0, 6)).toBe('320509');
      else expect(resident.id_number.slice(0, 6)).not.toBe('320509');
    }
  });

  it('follows a fixed residence type per member', () => {
    const residents = generateResidents(
      address,
      4,
      { now, districtCode: '320509', issuedIdNumbers: new Set() },
      createRandom('fixed'),
      { residenceOf: (member) => (member < 3 ? 'FLOATING' : 'PERMANENT') },
    );
    expect(residents.map((row) => row.residence_type)).toEqual(['FLOATING', 'FLOATING', 'FLOATING', 'PERMANENT']);
  });
});

describe('householdType', () => {
  it.each([
    [0, '1-2'],
    [2, '1-2'],
    [3, '3-4'],
    [4, '3-4'],
    [5, '5+'],
    [9, '5+'],
  ])('maps %d residents to %s', (residents, type) => {
    expect(householdType(residents)).toBe(type);
  });
});

describe('organisationCodeCheckCharacter', () => {
  // Worked by hand with the GB 11714 weights: D=13; 13×3+2×7+1×9+4×10+3×5+5×8+6×4+9×2 = 199; 11 − 199 mod 11 = 10 → X.
  it('computes X for D2143569', () => {
    expect(organisationCodeCheckCharacter('D2143569')).toBe('X');
  });

  it('writes 0 when the sum is a multiple of 11', () => {
    // 1×3 + 1×8 = 11, and 11 − 0 = 11 is written 0.
    expect(organisationCodeCheckCharacter('10000100')).toBe('0');
  });
});

describe('generateEnterprise', () => {
  it('issues valid, unique credit codes of the district', () => {
    const settings = { now, districtCode: '330421', districtName: '嘉善县', issuedCreditCodes: new Set<string>() };
    const random = createRandom('enterprises');
    const rows = Array.from({ length: 500 }, () => generateEnterprise(address, settings, random));
    expect(settings.issuedCreditCodes.size).toBe(500);
    for (const row of rows) {
      expect(isValidCreditCode(row.credit_code), row.credit_code).toBe(true);
      expect(row.credit_code.slice(0, 8)).toMatch(/^9[12]330421$/);
      expect(row.name.startsWith('嘉善县')).toBe(true);
    }
  });
});

describe('generateRental', () => {
  it('gives subdivided rentals many rooms and more tenants than rooms', () => {
    const random = createRandom('rentals');
    for (let index = 0; index < 200; index += 1) {
      const rental = generateRental(address, true, now, random);
      expect(rental.rooms).toBeGreaterThanOrEqual(8);
      expect(rental.tenants).toBeGreaterThanOrEqual(rental.rooms);
    }
  });
});

describe('generateMeterReadings', () => {
  it('writes one reading per month with the override applied', () => {
    const override = { [months.at(-1) as string]: 9999 };
    const readings = generateMeterReadings(address.id, 5, months, createRandom('meters'), override);
    expect(readings.map((row) => row.month)).toEqual(months);
    expect(readings.at(-1)?.electricity_kwh).toBe(9999);
    expect(readings.every((row) => row.household_type === '5+')).toBe(true);
  });

  it('stays within ±43 % of the typical reading', () => {
    const random = createRandom('range');
    for (let index = 0; index < 200; index += 1) {
      for (const reading of generateMeterReadings(address.id, 3, months, random)) {
        const ratio = reading.electricity_kwh / typicalKwh('3-4', reading.month);
        expect(ratio).toBeGreaterThan(0.62);
        expect(ratio).toBeLessThan(1.44);
      }
    }
  });
});

describe('generateParcelDeliveries', () => {
  it('writes one non-negative count per month', () => {
    const rows = generateParcelDeliveries(address.id, 2, months, createRandom('parcels'));
    expect(rows.map((row) => row.month)).toEqual(months);
    expect(rows.every((row) => Number.isInteger(row.parcels) && row.parcels >= 0)).toBe(true);
  });
});

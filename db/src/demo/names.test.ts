import { describe, expect, it } from 'vitest';
import { createRandom } from '../jurisdiction/random.js';
import {
  enterpriseName,
  GIVEN_NAME_CHARACTERS,
  personName,
  phoneNumber,
  policeStationName,
  roadName,
  SHARED_FIRST_CHARACTERS,
  SURNAMES,
  surnameOf,
} from './names.js';

const surnames = new Set(SURNAMES.map(([surname]) => surname));

describe('personName', () => {
  it('joins a listed surname and listed given-name characters', () => {
    const random = createRandom('names');
    for (let index = 0; index < 2000; index += 1) {
      const sex = index % 2 === 0 ? 'MALE' : 'FEMALE';
      const name = personName(sex, random);
      const surname = surnameOf(name);
      const given = [...name.slice(surname.length)];
      expect(surnames.has(surname), name).toBe(true);
      expect(given.length, name).toBeGreaterThanOrEqual(1);
      expect(given.length, name).toBeLessThanOrEqual(2);
      // The last character always fits the sex; a first of two may also come from the shared list.
      expect(GIVEN_NAME_CHARACTERS[sex], name).toContain(given.at(-1));
      if (given.length === 2) expect(`${SHARED_FIRST_CHARACTERS}${GIVEN_NAME_CHARACTERS[sex]}`).toContain(given[0]);
    }
  });

  it('keeps a given surname', () => {
    const random = createRandom('family');
    for (let index = 0; index < 50; index += 1)
      expect(personName('FEMALE', random, '欧阳').startsWith('欧阳')).toBe(true);
  });

  it('repeats for the same seed and differs for another', () => {
    const draw = (seed: string) => {
      const random = createRandom(seed);
      return Array.from({ length: 20 }, () => personName('MALE', random));
    };
    expect(draw('a')).toEqual(draw('a'));
    expect(draw('a')).not.toEqual(draw('b'));
  });

  it('draws common surnames more often than rare ones', () => {
    const random = createRandom('frequency');
    const names = Array.from({ length: 5000 }, () => personName('MALE', random));
    const count = (surname: string) => names.filter((name) => surnameOf(name) === surname).length;
    expect(count('王')).toBeGreaterThan(count('费') * 3);
  });
});

describe('phoneNumber', () => {
  it('matches the mobile number format', () => {
    const random = createRandom('phones');
    for (let index = 0; index < 1000; index += 1) expect(phoneNumber(random)).toMatch(/^1[3-9][0-9]{9}$/);
  });
});

describe('roadName', () => {
  it('ends with a road suffix', () => {
    const random = createRandom('roads');
    for (let index = 0; index < 200; index += 1)
      expect(roadName(random)).toMatch(/^[\u4e00-\u9fff]{2}(路|街|巷|弄|大道)$/);
  });
});

describe('enterpriseName', () => {
  it('names companies and individually owned businesses by their form', () => {
    const random = createRandom('companies');
    for (let index = 0; index < 200; index += 1) {
      expect(enterpriseName('吴江区', 'COMPANY', random)).toMatch(/^吴江区.+(有限公司|有限责任公司|股份有限公司)$/);
      expect(enterpriseName('嘉善县', 'INDIVIDUAL_BUSINESS', random)).toMatch(/^嘉善县.+(商行|经营部|店)$/);
    }
  });
});

describe('policeStationName', () => {
  it.each([
    ['松陵街道', '松陵派出所'],
    ['盛泽镇', '盛泽派出所'],
    ['吴江经济技术开发区', '吴江经济技术开发区派出所'],
  ])('names the station of %s', (street, station) => {
    expect(policeStationName(street)).toBe(station);
  });
});

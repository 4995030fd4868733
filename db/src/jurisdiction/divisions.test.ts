import { describe, expect, it } from 'vitest';
import { levelOfCode, parentCodeOf, readDistrictOutlines, readDivisions, shortCommunityName } from './divisions.js';

describe('levelOfCode', () => {
  it.each([
    ['320509', 'DISTRICT'],
    ['320509001', 'STREET'],
    ['320509001001', 'COMMUNITY'],
    ['320509001001003', 'GRID'],
  ])('reads %s as %s', (code, level) => {
    expect(levelOfCode(code)).toBe(level);
  });

  it.each(['', '32050', '3205090011', '32050900100X', ' 320509', '320509001001003001'])('rejects %j', (code) => {
    expect(levelOfCode(code)).toBeUndefined();
  });
});

describe('parentCodeOf', () => {
  it('drops the last three digits', () => {
    expect(parentCodeOf('320509001001003')).toBe('320509001001');
    expect(parentCodeOf('320509001')).toBe('320509');
  });

  it('returns undefined for a district', () => {
    expect(parentCodeOf('320509')).toBeUndefined();
  });
});

describe('shortCommunityName', () => {
  it.each([
    ['西塘社区居委会', '西塘社区'],
    ['城中社区居民委员会', '城中社区'],
    ['南厍村村民委员会', '南厍村'],
    ['众安桥村委会', '众安桥村'],
    ['吴江经济技术开发区', '吴江经济技术开发区'],
  ])('shortens %s to %s', (name, short) => {
    expect(shortCommunityName(name)).toBe(short);
  });
});

describe('committed data files', () => {
  it('hold the three districts with matching outlines', () => {
    const divisions = readDivisions();
    const outlines = readDistrictOutlines();
    expect(divisions.map((district) => [district.code, district.name, district.cityName])).toEqual([
      ['320509', '吴江区', '苏州市'],
      ['330421', '嘉善县', '嘉兴市'],
      ['330411', '秀洲区', '嘉兴市'],
    ]);
    expect(outlines.map((outline) => outline.code)).toEqual(['320509', '330421', '330411']);
  });

  it('keep every code under its parent', () => {
    for (const district of readDivisions()) {
      for (const street of district.streets) {
        expect(parentCodeOf(street.code)).toBe(district.code);
        for (const [community] of street.communities) expect(parentCodeOf(community)).toBe(street.code);
      }
    }
  });
});

import { describe, expect, it } from 'vitest';
import { readDistrictOutlines, readDivisions } from './divisions.js';
import { generateJurisdiction } from './generate.js';
import { planarArea } from './partition.js';

// 嘉善县 is the smallest district of the three, so these checks stay fast.
const district = readDivisions().find((row) => row.code === '330421');
const outline = readDistrictOutlines().find((row) => row.code === '330421');
if (!district || !outline) throw new Error('330421 missing from the data files');
const units = generateJurisdiction(district, outline);

describe('generateJurisdiction', () => {
  it('creates every street and community with its official code and name', () => {
    const streets = units.filter((unit) => unit.level === 'STREET').map((unit) => [unit.code, unit.name]);
    expect(streets).toEqual(district.streets.map((street) => [street.code, street.name]));
    expect(units.filter((unit) => unit.level === 'COMMUNITY')).toHaveLength(174);
  });

  it('gives every community 3 to 5 grids with serial codes', () => {
    const communities = units.filter((unit) => unit.level === 'COMMUNITY');
    for (const community of communities) {
      const grids = units.filter((unit) => unit.parentCode === community.code);
      expect(grids.length).toBeGreaterThanOrEqual(3);
      expect(grids.length).toBeLessThanOrEqual(5);
      expect(grids.map((grid) => grid.code)).toEqual(
        grids.map((_, index) => `${community.code}${String(index + 1).padStart(3, '0')}`),
      );
    }
    const first = units.find((unit) => unit.code === '330421001001001');
    expect(first?.name).toMatch(/^.+(社区|村)第1网格$/);
  });

  it('flags everything below the district as approximate', () => {
    expect(units.filter((unit) => unit.approximate).length).toBe(units.length - 1);
    expect(units[0]).toMatchObject({ code: '330421', level: 'DISTRICT', approximate: false, cityName: '嘉兴市' });
  });

  it('leaves no unit without an area', () => {
    expect(units.filter((unit) => planarArea(unit.boundary) <= 0).map((unit) => unit.code)).toEqual([]);
  });

  it('gives a street with more communities more area', () => {
    // 魏塘街道 has 27 communities and 大云镇 7.
    const area = (code: string) => planarArea(units.find((unit) => unit.code === code)?.boundary ?? []);
    expect(area('330421001')).toBeGreaterThan(area('330421102') * 2);
  });

  it('is deterministic for a seed and varies with it', () => {
    const again = generateJurisdiction(district, outline);
    expect(JSON.stringify(again)).toBe(JSON.stringify(units));
    const other = generateJurisdiction(district, outline, 'another seed');
    expect(JSON.stringify(other)).not.toBe(JSON.stringify(units));
  });
});

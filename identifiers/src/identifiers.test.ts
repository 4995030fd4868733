import { describe, expect, it } from 'vitest';
import {
  creditCodeCheckCharacter,
  isValidCreditCode,
  isValidResidentId,
  makeCreditCode,
  makeResidentId,
  maskName,
  maskPhone,
  maskResidentId,
  residentIdCheckCharacter,
} from './index.js';

describe('resident ID numbers', () => {
  // The worked example of GB 11643-1999, annex: 11010519491231002 has check character X.
  it('computes the check character of the standard example', () => {
    expect(residentIdCheckCharacter('11010519491231002')).toBe('X');
    expect(isValidResidentId('11010519491231002X')).toBe(true);
  });

  it('builds numbers that validate', () => {
    const id = makeResidentId('320509', '19900101', 123);
    expect(id.slice(0, 17)).toBe('32050919900101123');
    expect(isValidResidentId(id)).toBe(true);
  });

  it.each([
    ['wrong check character', '110105194912310021'],
    ['lower-case x', '11010519491231002x'],
    ['February 30th', `${makeResidentId('320509', '19900228', 1).slice(0, 10)}0230001`],
    ['17 characters', '11010519491231002'],
    ['letters', '11010519491231002A'],
    ['leading zero region', '010105194912310028'],
  ])('rejects %s', (_, value) => {
    expect(isValidResidentId(value)).toBe(false);
  });

  it('refuses to build from invalid parts', () => {
    expect(() => makeResidentId('32050', '19900101', 1)).toThrow('Invalid region code "32050"');
    expect(() => makeResidentId('320509', '19900230', 1)).toThrow('Invalid birth date "19900230"');
    expect(() => makeResidentId('320509', '19900101', 1000)).toThrow('Invalid sequence 1000');
  });
});

describe('unified social credit codes', () => {
  // Check characters computed independently of this module (a separate script of the GB 32100 formula).
  it.each([
    ['91320509MA1XYK123', 'J'],
    ['12320509466000001', '3'],
  ])('computes the check character of %s', (body, check) => {
    expect(creditCodeCheckCharacter(body)).toBe(check);
  });

  it('builds codes that validate', () => {
    const code = makeCreditCode('91320509MA1XYK123');
    expect(code).toHaveLength(18);
    expect(isValidCreditCode(code)).toBe(true);
  });

  it('refuses a body with a letter outside the alphabet', () => {
    expect(() => makeCreditCode('91320509MA1XYZ123')).toThrow('Invalid character "Z" at position 14');
  });

  it.each([
    ['wrong check character', '91320509MA1XYK1230'],
    ['forbidden letter O', '91320509MA1XYO123Q'],
    ['lower case', '91320509ma1xyk123Q'],
    ['17 characters', '91320509MA1XYK123'],
    ['non-digit division code', '913A0509MA1XYK123Q'],
  ])('rejects %s', (_, value) => {
    expect(isValidCreditCode(value)).toBe(false);
  });
});

describe('masking', () => {
  it('masks an ID number to region and last four', () => {
    expect(maskResidentId('320509199001011234')).toBe('320509********1234');
  });

  it('masks a phone to prefix and last four', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
  });

  it('keeps only the surname of a name', () => {
    expect(maskName('张三丰')).toBe('张**');
    expect(maskName('李')).toBe('*');
  });

  it('masks short values entirely', () => {
    expect(maskResidentId('123')).toBe('***');
    expect(maskPhone('12345')).toBe('*****');
  });
});

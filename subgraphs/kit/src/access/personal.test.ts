import { describe, expect, it } from 'vitest';
import { DEPARTMENTS, type Department, type Identity } from './claims.js';
import { disclosureFor, type PersonalRule } from './personal.js';
import { AccessRecorder, type Disclosure } from './recorder.js';

const OWN_CITY = 'wujiang';

function contextOf(department: Department, purpose: string | undefined, city: string) {
  const identity: Identity = {
    sub: `${department}.analyst`,
    name: '研判员',
    level: 'DISTRICT',
    orgUnit: city === OWN_CITY ? '320509' : '330421',
    department,
    roles: ['analyst'],
  };
  return { claims: { ...identity, city, purpose }, city: OWN_CITY, access: new AccessRecorder() };
}

type Outcome = [Disclosure, string];

interface RuleCase {
  name: string;
  rule: PersonalRule;
  /** Departments of the own city that read the raw value once they declare a purpose. */
  readers: Department[];
  /** Outcome for such a reader without purpose. */
  withoutPurpose: Outcome;
  /** Outcome for every other department, and for any department of a partner city. */
  others: Outcome;
}

const CASES: RuleCase[] = [
  {
    name: 'police ID number',
    rule: { kind: 'ID_NUMBER', readableBy: ['police'], otherwise: 'MASK' },
    readers: ['police'],
    withoutPurpose: ['MASKED', 'PURPOSE_REQUIRED'],
    others: ['MASKED', 'DEPARTMENT_SCOPE'],
  },
  {
    name: 'police record',
    rule: { kind: 'RECORD', readableBy: ['police'], otherwise: 'FORBID' },
    readers: ['police'],
    withoutPurpose: ['DENIED', 'PURPOSE_REQUIRED'],
    others: ['DENIED', 'DEPARTMENT_SCOPE'],
  },
  {
    name: 'police and housing phone',
    rule: { kind: 'PHONE', readableBy: ['police', 'housing'], otherwise: 'MASK' },
    readers: ['police', 'housing'],
    withoutPurpose: ['MASKED', 'PURPOSE_REQUIRED'],
    others: ['MASKED', 'DEPARTMENT_SCOPE'],
  },
];

function expectedOutcome(rule: RuleCase, department: Department, purpose: string | undefined, city: string): Outcome {
  if (city !== OWN_CITY || !rule.readers.includes(department)) return rule.others;
  return purpose ? ['RAW', ''] : rule.withoutPurpose;
}

describe('disclosureFor', () => {
  for (const ruleCase of CASES) {
    for (const department of DEPARTMENTS) {
      for (const purpose of ['（2026）吴公刑字第 17 号', undefined]) {
        for (const city of [OWN_CITY, 'jiaxing']) {
          const [disclosure, reason] = expectedOutcome(ruleCase, department, purpose, city);
          const caller = `${department} of ${city} ${purpose ? 'with' : 'without'} purpose`;

          it(`gives ${disclosure} of ${ruleCase.name} to ${caller}`, () => {
            const result = disclosureFor(ruleCase.rule, contextOf(department, purpose, city));

            expect(result.disclosure).toBe(disclosure);
            expect(result.reason ?? '').toBe(reason);
          });
        }
      }
    }
  }

  it('never gives RAW to a partner city', () => {
    const rule: PersonalRule = { kind: 'NAME', readableBy: ['police'], otherwise: 'MASK' };

    const result = disclosureFor(rule, contextOf('police', 'JX-2026-001', 'jiaxing'));

    expect(result).toEqual({ disclosure: 'MASKED', reason: 'DEPARTMENT_SCOPE' });
  });
});

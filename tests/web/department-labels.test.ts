import { DEPARTMENTS } from '@lianfang/subgraph-kit';
import { describe, expect, it } from 'vitest';
import { STEP_DEPARTMENTS } from '../../web/src/duties/draft.js';
import { eventsEn } from '../../web/src/i18n/events.en.js';
import { eventsZhCN } from '../../web/src/i18n/events.zh-CN.js';
import { sessionEn } from '../../web/src/i18n/session.en.js';
import { sessionZhCN } from '../../web/src/i18n/session.zh-CN.js';

// The web app names departments with one set of labels, `session:user.department.*`, in every namespace.

describe('department labels', () => {
  it('name every department of the kit in both languages', () => {
    for (const department of DEPARTMENTS) {
      expect(sessionZhCN.user.department[department], `zh-CN ${department}`).toMatch(/^[\u4e00-\u9fff]+$/);
      expect(sessionEn.user.department[department], `en ${department}`).toMatch(/^[A-Z][a-z ]+$/);
    }
    expect(Object.keys(sessionZhCN.user.department).sort()).toEqual([...DEPARTMENTS].sort());
    expect(Object.keys(sessionEn.user.department).sort()).toEqual([...DEPARTMENTS].sort());
  });

  it('are not repeated in the events namespace', () => {
    expect(Object.keys(eventsZhCN)).not.toContain('department');
    expect(Object.keys(eventsEn)).not.toContain('department');
  });

  it('cover the departments the responsibility list editor offers', () => {
    expect(DEPARTMENTS).toEqual(expect.arrayContaining([...STEP_DEPARTMENTS]));
    expect(STEP_DEPARTMENTS).not.toContain('audit');
  });
});

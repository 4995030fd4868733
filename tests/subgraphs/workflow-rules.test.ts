import type { Identity } from '@lianfang/subgraph-kit';
import { describe, expect, it } from 'vitest';
import { IDENTITIES } from '../support/access.js';
import { dataOf, errorOf, isChinese } from './support.js';
import { createEvent, taskOf, USERS, useWorkflowSubgraph } from './workflow-support.js';

const workflow = useWorkflowSubgraph();

const SET_RULE = `mutation ($input: ResponsibilityRuleInput!) {
  setResponsibilityRule(input: $input) {
    id category severity version title changedBy changeNote escalateOnOverdue
    dispatch { key department level role deadlineMinutes description }
    handOffs { from to condition }
  }
}`;

const FIRE_RULE = {
  category: 'FIRE_HAZARD',
  title: '消防安全隐患：街道消防牵头，半小时内处置',
  dispatch: [
    {
      key: 'fire',
      department: 'fire',
      level: 'STREET',
      role: 'LEAD',
      deadlineMinutes: 30,
      description: '消防到场处置',
    },
    {
      key: 'governance',
      department: 'governance',
      level: 'STREET',
      role: 'ASSIST',
      deadlineMinutes: 60,
      description: '街道综治中心协调',
    },
  ],
  changeNote: '消防隐患改由消防牵头，期限缩短为半小时',
};

type RuleInput = Record<string, unknown>;

async function saveRule(input: RuleInput, identity: Identity = USERS.districtCommander) {
  return workflow.subgraph.request<{ setResponsibilityRule: { id: string; version: number } }>(
    SET_RULE,
    { input },
    { identity },
  );
}

describe('responsibility list', () => {
  it('ships version 1 of each category', async () => {
    const response = await workflow.subgraph.request<{
      responsibilityRules: { category: string; severity: string | null; version: number; changedBy: string }[];
    }>('{ responsibilityRules { category severity version changedBy } }');
    const rules = dataOf(response).responsibilityRules;
    expect(rules.map((rule) => `${rule.category}/${rule.severity ?? '*'}`)).toEqual([
      'FIRE_HAZARD/*',
      'ILLEGAL_CONSTRUCTION/*',
      'NOISE_DISPUTE/*',
      'OTHER/*',
      'PUBLIC_ORDER/*',
      'RENTAL_HOUSING/*',
      'SCHOOL_BULLYING/CRITICAL',
      'SCHOOL_BULLYING/MINOR',
      'SCHOOL_BULLYING/SERIOUS',
    ]);
    expect(rules.every((rule) => rule.version === 1 && rule.changedBy === 'system')).toBe(true);
  });

  it('describes the bullying chain', async () => {
    const response = await workflow.subgraph.request<{
      responsibilityRules: {
        severity: string;
        dispatch: { key: string }[];
        handOffs: { from: string; to: string; condition: string }[];
        followUp: { department: string; level: string }[];
        notify: { department: string; when: string }[];
      }[];
    }>(
      `{ responsibilityRules(category: SCHOOL_BULLYING) {
          severity dispatch { key } handOffs { from to condition } followUp { department level } notify { department when }
        } }`,
    );
    const minor = dataOf(response).responsibilityRules.find((rule) => rule.severity === 'MINOR');
    expect(minor?.dispatch).toEqual([{ key: 'school' }]);
    expect(minor?.handOffs).toEqual([
      { from: 'school', to: 'police', condition: '超出学校处置能力' },
      { from: 'police', to: 'procuratorate', condition: '涉嫌犯罪' },
    ]);
    expect(minor?.followUp).toEqual([{ department: 'education', level: 'DISTRICT' }]);
    expect(minor?.notify).toEqual([{ department: 'civil_affairs', when: 'CHILD_NEEDS_AID' }]);
  });

  it('lets only district governance commanders edit', async () => {
    const others: Identity[] = [USERS.streetCommander, USERS.districtFire, IDENTITIES.districtGovernanceAnalyst];
    for (const identity of others) {
      const error = errorOf(await saveRule(FIRE_RULE, identity));
      expect(error.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'ROLE' });
    }
  });

  it('validates the rule', async () => {
    const step = FIRE_RULE.dispatch[0];
    const cases: [RuleInput, string][] = [
      [{ ...FIRE_RULE, dispatch: [{ ...step, department: 'army' }] }, 'input.dispatch[0].department'],
      [{ ...FIRE_RULE, dispatch: [step, { ...step, role: 'ASSIST' }] }, 'input.dispatch[1].key'],
      [{ ...FIRE_RULE, dispatch: [{ ...step, deadlineMinutes: 0 }] }, 'input.dispatch[0].deadlineMinutes'],
      [{ ...FIRE_RULE, dispatch: [{ ...step, deadlineMinutes: 525_601 }] }, 'input.dispatch[0].deadlineMinutes'],
      [{ ...FIRE_RULE, dispatch: [{ ...step, level: 'GRID' }] }, 'input.dispatch[0].level'],
      [{ ...FIRE_RULE, dispatch: [{ ...step, role: 'NOTIFIED' }] }, 'input.dispatch[0].role'],
      [{ ...FIRE_RULE, dispatch: [{ ...step, role: 'ASSIST' }] }, 'input.dispatch'],
      [{ ...FIRE_RULE, dispatch: [] }, 'input.dispatch'],
      [{ ...FIRE_RULE, handOffs: [{ from: 'fire', to: 'police', condition: '需公安' }] }, 'input.handOffs[0].to'],
      [
        { ...FIRE_RULE, notify: [{ department: 'housing', level: 'STREET', when: 'sometimes' }] },
        'input.notify[0].when',
      ],
      [
        { ...FIRE_RULE, notify: [{ department: 'housing', level: 'STREET', when: 'SOMETHING_ELSE' }] },
        'input.notify[0].when',
      ],
      [
        { ...FIRE_RULE, notify: [{ department: 'civil_affairs', level: 'STREET', when: 'CHILD_NEED_AID' }] },
        'input.notify[0].when',
      ],
      [{ ...FIRE_RULE, changeNote: '改' }, 'input.changeNote'],
      [{ ...FIRE_RULE, title: '  ' }, 'input.title'],
    ];
    for (const [input, argument] of cases) {
      const error = errorOf(await saveRule(input));
      expect(error.extensions, argument).toMatchObject({ code: 'BAD_USER_INPUT', argument });
      expect(isChinese(error.message)).toBe(true);
    }
    const history = await workflow.subgraph.request<{ responsibilityRuleHistory: unknown[] }>(
      '{ responsibilityRuleHistory(category: FIRE_HAZARD) { version } }',
    );
    expect(dataOf(history).responsibilityRuleHistory).toHaveLength(1);
  });

  it('accepts only ALWAYS or a report flag as notify condition, naming the allowed values', async () => {
    const response = await saveRule({
      ...FIRE_RULE,
      notify: [{ department: 'civil_affairs', level: 'STREET', when: 'CHILD_NEED_AID' }],
    });
    const error = errorOf(response);
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.notify[0].when' });
    for (const allowed of ['ALWAYS', 'CHILD_NEEDS_AID', 'ELDERLY_NEEDS_AID', 'REPEAT_REPORT', 'MEDIA_ATTENTION']) {
      expect(error.message).toContain(allowed);
    }
    expect(error.message).toContain('"CHILD_NEED_AID"');
  });

  it('versions rules without rewriting old tasks', async () => {
    const before = await createEvent(workflow.database, { id: 'wf-rule-before', category: 'FIRE_HAZARD' });
    const saved = dataOf(await saveRule(FIRE_RULE)).setResponsibilityRule;
    expect(saved).toMatchObject({
      category: 'FIRE_HAZARD',
      severity: null,
      version: 2,
      changedBy: USERS.districtCommander.sub,
      changeNote: FIRE_RULE.changeNote,
      escalateOnOverdue: true,
    });
    const unchanged = errorOf(await saveRule({ ...FIRE_RULE, changeNote: '再次确认' }));
    expect(unchanged.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'RULE_UNCHANGED', version: 2 });
    expect(unchanged.message).toContain('与现行版本完全相同');
    const [fire, governance] = FIRE_RULE.dispatch;
    const longer = {
      ...FIRE_RULE,
      dispatch: [fire, { ...governance, deadlineMinutes: 90 }],
      changeNote: '协调期限放宽',
    };
    const third = dataOf(await saveRule(longer)).setResponsibilityRule;
    expect(third.version).toBe(3);

    const history = await workflow.subgraph.request<{
      responsibilityRuleHistory: { version: number; changeNote: string }[];
    }>('{ responsibilityRuleHistory(category: FIRE_HAZARD) { version changeNote } }');
    expect(dataOf(history).responsibilityRuleHistory.map((rule) => rule.version)).toEqual([3, 2, 1]);
    const inForce = await workflow.subgraph.request<{
      responsibilityRules: { version: number; dispatch: { key: string }[] }[];
    }>('{ responsibilityRules(category: FIRE_HAZARD) { version dispatch { key } } }');
    expect(dataOf(inForce).responsibilityRules).toEqual([
      { version: 3, dispatch: [{ key: 'fire' }, { key: 'governance' }] },
    ]);
    const minorHistory = await workflow.subgraph.request<{ responsibilityRuleHistory: { version: number }[] }>(
      '{ responsibilityRuleHistory(category: SCHOOL_BULLYING, severity: MINOR) { version } }',
    );
    expect(dataOf(minorHistory).responsibilityRuleHistory).toEqual([{ version: 1 }]);

    const after = await createEvent(workflow.database, { id: 'wf-rule-after', category: 'FIRE_HAZARD' });
    const lead = taskOf(after.tasks, 'fire', 'LEAD');
    expect(lead.rule_id).toBe(Number(third.id));
    expect(lead.deadline.getTime() - lead.dispatched_at.getTime()).toBe(30 * 60_000);
    expect(after.tasks.some((task) => task.role === 'NOTIFIED')).toBe(false);

    const query = `query ($id: ID!) { event(id: $id) { tasks { department rule { version } } } }`;
    const old = await workflow.subgraph.request<{
      event: { tasks: { department: string; rule: { version: number } }[] };
    }>(query, { id: before.event.id });
    expect(dataOf(old).event.tasks.map((task) => task.rule.version)).toEqual([1, 1, 1]);
  });
});

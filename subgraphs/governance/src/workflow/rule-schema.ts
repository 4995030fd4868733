/**
 * The document stored in `governance.responsibility_rules.rule`: which steps are dispatched at once, which steps a
 * task may be handed off to and when, the follow-up steps, who is notified and whether overdue tasks are escalated.
 * The same schema checks the shipped rules when they are read and every new version a commander saves.
 */
import { badUserInput, DEPARTMENTS, quoted } from '@lianfang/subgraph-kit';
import { z } from 'zod';
import { describeFlags, EVENT_FLAGS } from './labels.js';

/** Levels a step can name. Grids have no department staff, so a task is never dispatched to a grid. */
export const STEP_LEVELS = ['COMMUNITY', 'STREET', 'DISTRICT'] as const;
export type StepLevel = (typeof STEP_LEVELS)[number];

/** Length of an org unit code at each step level. */
export const STEP_LEVEL_LENGTH: Record<StepLevel, number> = { DISTRICT: 6, STREET: 9, COMMUNITY: 12 };

/** One year in minutes, the longest deadline a step may have. */
export const MAX_DEADLINE_MINUTES = 525_600;
const MAX_STEPS = 20;
const FLAG = /^[A-Z_]{2,40}$/;
const STEP_KEY = /^[a-z][a-z0-9_]{0,39}$/;

const departmentSchema = z.enum(DEPARTMENTS, {
  error: (issue) => `部门须为 ${DEPARTMENTS.join('、')} 之一，收到 ${quoted(issue.input)}`,
});
const levelSchema = z.enum(STEP_LEVELS, {
  error: (issue) => `层级须为 COMMUNITY、STREET 或 DISTRICT，收到 ${quoted(issue.input)}`,
});

const text = (label: string, min: number, max: number) =>
  z
    .string()
    .trim()
    .min(min, { error: `${label}须为 ${min}–${max} 个字符` })
    .max(max, { error: `${label}须为 ${min}–${max} 个字符` });

export const stepSchema = z.object({
  key: z.string().regex(STEP_KEY, { error: '环节名称须以小写字母开头，由小写字母、数字和下划线组成，最多 40 个字符' }),
  department: departmentSchema,
  level: levelSchema,
  role: z.enum(['LEAD', 'ASSIST', 'FOLLOW_UP'], {
    error: (issue) => `环节角色须为 LEAD、ASSIST 或 FOLLOW_UP（知会请写在 notify 中），收到 ${quoted(issue.input)}`,
  }),
  deadlineMinutes: z
    .number()
    .int({ error: '处置期限须为整数分钟' })
    .min(1, { error: `处置期限须为 1–${MAX_DEADLINE_MINUTES} 分钟` })
    .max(MAX_DEADLINE_MINUTES, { error: `处置期限须为 1–${MAX_DEADLINE_MINUTES} 分钟` }),
  description: text('环节说明', 1, 200),
});

export const handOffSchema = z.object({
  from: z.string(),
  to: z.string(),
  condition: text('转办条件', 1, 200),
});

function unknownWhen(value: unknown): string {
  return `知会条件须为 ALWAYS（总是知会）或事件标记 ${describeFlags()} 之一，收到 ${quoted(value)}`;
}

export const notifySchema = z.object({
  department: departmentSchema,
  level: levelSchema,
  // Stored versions pass with any flag-shaped condition, so versions saved before flags were checked stay readable.
  // parseRuleInput accepts only known flags in new versions.
  when: z.string().refine((value) => value === 'ALWAYS' || FLAG.test(value), {
    error: (issue) => unknownWhen(issue.input),
  }),
});

const steps = (label: string, min: number) =>
  z
    .array(stepSchema)
    .min(min, { error: `${label}至少需要 ${min} 个环节` })
    .max(MAX_STEPS, { error: `${label}最多 ${MAX_STEPS} 个环节` });

/** The rule document, with the checks that span several lists: unique keys, known hand-off ends, a lead step. */
export const ruleDocumentSchema = z
  .object({
    dispatch: steps('派单环节', 1),
    handOffSteps: steps('转办环节', 0).default([]),
    handOffs: z
      .array(handOffSchema)
      .max(MAX_STEPS, { error: `转办规则最多 ${MAX_STEPS} 条` })
      .default([]),
    followUp: steps('跟踪回访环节', 0).default([]),
    notify: z
      .array(notifySchema)
      .max(MAX_STEPS, { error: `知会规则最多 ${MAX_STEPS} 条` })
      .default([]),
    escalateOnOverdue: z.boolean().default(true),
  })
  .superRefine((rule, check) => {
    const keys = new Set<string>();
    for (const list of ['dispatch', 'handOffSteps', 'followUp'] as const) {
      for (const [index, step] of rule[list].entries()) {
        if (keys.has(step.key)) {
          check.addIssue({ code: 'custom', path: [list, index, 'key'], message: `环节名称 ${step.key} 重复` });
        }
        keys.add(step.key);
      }
    }
    if (!rule.dispatch.some((step) => step.role === 'LEAD')) {
      check.addIssue({ code: 'custom', path: ['dispatch'], message: '派单环节中至少要有一个牵头处置（LEAD）环节' });
    }
    for (const [index, handOff] of rule.handOffs.entries()) {
      for (const end of ['from', 'to'] as const) {
        if (!keys.has(handOff[end])) {
          check.addIssue({
            code: 'custom',
            path: ['handOffs', index, end],
            message: `转办规则引用了不存在的环节 ${quoted(handOff[end])}，可用环节：${[...keys].join('、')}`,
          });
        }
      }
      if (handOff.from === handOff.to) {
        check.addIssue({ code: 'custom', path: ['handOffs', index, 'to'], message: '转办规则不能转给同一环节' });
      }
    }
  });

export type RuleDocument = z.infer<typeof ruleDocumentSchema>;
export type RuleStep = RuleDocument['dispatch'][number];

/** Lists every step of a rule, whichever list it is in. */
export function stepsOf(rule: RuleDocument): RuleStep[] {
  return [...rule.dispatch, ...rule.handOffSteps, ...rule.followUp];
}

/** Reads a stored rule document; a stored document that fails the schema is a data fault, not a user error. */
export function parseStoredRule(document: unknown, ruleId: string): RuleDocument {
  const result = ruleDocumentSchema.safeParse(document);
  if (!result.success) {
    throw new Error(`Responsibility rule ${ruleId} is invalid: ${result.error.issues[0]?.message ?? 'unknown'}`);
  }
  return result.data;
}

/** Checks a rule document from a request and returns it parsed; the first problem becomes BAD_USER_INPUT. */
export function parseRuleInput(document: unknown): RuleDocument {
  const result = ruleDocumentSchema.safeParse(document);
  if (result.success) {
    // A condition that names no report flag would never fire.
    for (const [index, notice] of result.data.notify.entries()) {
      if (notice.when !== 'ALWAYS' && !EVENT_FLAGS.includes(notice.when)) {
        const argument = `input.notify[${index}].when`;
        throw badUserInput(`职责清单规则无效：${argument} ${unknownWhen(notice.when)}`, { argument });
      }
    }
    return result.data;
  }
  const issue = result.error.issues[0];
  let argument = 'input';
  for (const part of issue?.path ?? []) {
    argument += typeof part === 'number' ? `[${part}]` : `.${String(part)}`;
  }
  throw badUserInput(`职责清单规则无效：${argument} ${issue?.message ?? ''}`, { argument });
}

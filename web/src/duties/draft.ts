/**
 * The editable copy of a responsibility rule: what the editor changes and what `setResponsibilityRule` receives. The
 * subgraph validates every rule in full, including unique step keys, known hand-off ends, a leading step and the
 * departments. The checks here catch the mistakes of a form before a round trip and name them in the UI language.
 */
import type { Translate } from '../export/layerExport.js';
import type {
  ResponsibilityRule,
  ResponsibilityRuleInput,
  ResponsibilityStep,
  Severity,
  TaskRole,
  UnitLevel,
} from '../graphql/events.js';

/** Departments a step may name, in the order of the subgraph kit's list; the audit office handles no events. */
export const STEP_DEPARTMENTS = [
  'governance',
  'police',
  'housing',
  'market',
  'fire',
  'utilities',
  'urban_management',
  'education',
  'school',
  'civil_affairs',
  'procuratorate',
] as const;

/** Levels with department staff; tasks never go to a grid. */
export const STEP_LEVELS: readonly UnitLevel[] = ['COMMUNITY', 'STREET', 'DISTRICT'];
/** Roles of handled steps; notified departments are listed under `notify`. */
export const STEP_ROLES: readonly TaskRole[] = ['LEAD', 'ASSIST', 'FOLLOW_UP'];
export const SEVERITY_ORDER: readonly (Severity | null)[] = [null, 'MINOR', 'SERIOUS', 'CRITICAL'];
/** One year in minutes, the longest deadline the subgraph accepts. */
export const MAX_DEADLINE_MINUTES = 525_600;

export type StepList = 'dispatch' | 'handOffSteps' | 'followUp';
export const STEP_LISTS: readonly StepList[] = ['dispatch', 'handOffSteps', 'followUp'];

export type RuleDraft = ResponsibilityRuleInput;

function copyStep(step: ResponsibilityStep): ResponsibilityStep {
  return {
    key: step.key,
    department: step.department,
    level: step.level,
    role: step.role,
    deadlineMinutes: step.deadlineMinutes,
    description: step.description,
  };
}

/** Starts a draft from the rule in force, with an empty change note. */
export function draftOf(rule: ResponsibilityRule): RuleDraft {
  return {
    category: rule.category,
    severity: rule.severity,
    title: rule.title,
    dispatch: rule.dispatch.map(copyStep),
    handOffSteps: rule.handOffSteps.map(copyStep),
    handOffs: rule.handOffs.map(({ from, to, condition }) => ({ from, to, condition })),
    followUp: rule.followUp.map(copyStep),
    notify: rule.notify.map(({ department, level, when }) => ({ department, level, when })),
    escalateOnOverdue: rule.escalateOnOverdue,
    changeNote: '',
  };
}

/** Creates a step for `list` with a key the draft does not use yet. */
export function newStep(draft: RuleDraft, list: StepList): ResponsibilityStep {
  const used = new Set(STEP_LISTS.flatMap((name) => draft[name].map((step) => step.key)));
  let serial = 1;
  while (used.has(`step_${serial}`)) serial += 1;
  return {
    key: `step_${serial}`,
    department: 'governance',
    level: 'STREET',
    role: list === 'followUp' ? 'FOLLOW_UP' : 'LEAD',
    deadlineMinutes: 1440,
    description: '',
  };
}

/** Trims the texts the subgraph trims too, so what is saved is what the list shows afterwards. */
export function inputOf(draft: RuleDraft): ResponsibilityRuleInput {
  const trimSteps = (steps: ResponsibilityStep[]) =>
    steps.map((step) => ({ ...step, key: step.key.trim(), description: step.description.trim() }));
  return {
    ...draft,
    title: draft.title.trim(),
    dispatch: trimSteps(draft.dispatch),
    handOffSteps: trimSteps(draft.handOffSteps),
    followUp: trimSteps(draft.followUp),
    handOffs: draft.handOffs.map((handOff) => ({ ...handOff, condition: handOff.condition.trim() })),
    notify: draft.notify.map((notify) => ({ ...notify, when: notify.when.trim() })),
    changeNote: draft.changeNote.trim(),
  };
}

/** Tells whether a step deadline is a whole number of minutes that the subgraph accepts. */
export function isValidDeadline(minutes: number): boolean {
  return Number.isInteger(minutes) && minutes >= 1 && minutes <= MAX_DEADLINE_MINUTES;
}

/** Lists the problems of a draft that the form can name before saving; empty when it may be sent. */
export function draftProblems(draft: RuleDraft, t: Translate): string[] {
  const problems: string[] = [];
  const title = draft.title.trim();
  if (title.length < 1 || title.length > 100) problems.push(t('assessment:duties.invalid.title'));
  if (draft.dispatch.length === 0) problems.push(t('assessment:duties.invalid.dispatch'));
  for (const step of STEP_LISTS.flatMap((list) => draft[list])) {
    if (!isValidDeadline(step.deadlineMinutes)) {
      problems.push(t('assessment:duties.invalid.deadline', { key: step.key }));
    }
  }
  const note = draft.changeNote.trim();
  if (note.length < 2 || note.length > 200) problems.push(t('assessment:duties.invalid.changeNote'));
  return problems;
}

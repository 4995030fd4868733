import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation } from 'urql';
import { type ResponsibilityRule, SET_RESPONSIBILITY_RULE_MUTATION, type UnitLevel } from '../graphql/events.js';
import { REPORT_FLAGS } from '../report/flags.js';
import { useApiErrorText } from '../session/access.js';
import { draftOf, draftProblems, inputOf, newStep, type RuleDraft, STEP_LISTS, type StepList } from './draft.js';
import { DepartmentOptions, LevelOptions, StepsEditor } from './StepsEditor.js';

const LIST_LABELS: Record<StepList, string> = {
  dispatch: 'duties.dispatch',
  handOffSteps: 'duties.handOffSteps',
  followUp: 'duties.followUp',
};

/** Hand-off rules: from which step to which, on what condition. */
function HandOffsEditor({ draft, onChange }: { draft: RuleDraft; onChange: (draft: RuleDraft) => void }) {
  const { t } = useTranslation('assessment');
  const keys = STEP_LISTS.flatMap((list) => draft[list].map((step) => step.key));
  const update = (index: number, change: Partial<RuleDraft['handOffs'][number]>) =>
    onChange({
      ...draft,
      handOffs: draft.handOffs.map((handOff, position) => (position === index ? { ...handOff, ...change } : handOff)),
    });
  const stepSelect = (index: number, end: 'from' | 'to', value: string) => (
    <select
      aria-label={t(`duties.field.${end}`)}
      value={value}
      onChange={(event) => update(index, { [end]: event.target.value })}
    >
      {[...new Set([value, ...keys])].map((key) => (
        <option key={key} value={key}>
          {key}
        </option>
      ))}
    </select>
  );
  return (
    <fieldset className="steps-editor">
      <legend>{t('duties.handOffs')}</legend>
      {draft.handOffs.map((handOff, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: hand-offs have no identity of their own while edited
        <div key={index} className="editor-row">
          {stepSelect(index, 'from', handOff.from)}
          <span aria-hidden="true">→</span>
          {stepSelect(index, 'to', handOff.to)}
          <input
            aria-label={t('duties.field.condition')}
            placeholder={t('duties.field.condition')}
            value={handOff.condition}
            onChange={(event) => update(index, { condition: event.target.value })}
          />
          <button
            type="button"
            onClick={() => onChange({ ...draft, handOffs: draft.handOffs.filter((_, position) => position !== index) })}
          >
            {t('duties.remove')}
          </button>
        </div>
      ))}
      <button
        type="button"
        disabled={keys.length < 2}
        onClick={() =>
          onChange({
            ...draft,
            handOffs: [...draft.handOffs, { from: keys[0] ?? '', to: keys[1] ?? '', condition: '' }],
          })
        }
      >
        {t('duties.add')}
      </button>
    </fieldset>
  );
}

/** Notifications: which department at which level hears of every event, or of events with a flag. */
function NotifyEditor({ draft, onChange }: { draft: RuleDraft; onChange: (draft: RuleDraft) => void }) {
  const { t } = useTranslation('assessment');
  const update = (index: number, change: Partial<RuleDraft['notify'][number]>) =>
    onChange({
      ...draft,
      notify: draft.notify.map((notify, position) => (position === index ? { ...notify, ...change } : notify)),
    });
  return (
    <fieldset className="steps-editor">
      <legend>{t('duties.notify')}</legend>
      {draft.notify.map((notify, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: notifications have no identity of their own while edited
        <div key={index} className="editor-row">
          <select
            aria-label={t('duties.step.department')}
            value={notify.department}
            onChange={(event) => update(index, { department: event.target.value })}
          >
            <DepartmentOptions />
          </select>
          <select
            aria-label={t('duties.step.level')}
            value={notify.level}
            onChange={(event) => update(index, { level: event.target.value as UnitLevel })}
          >
            <LevelOptions />
          </select>
          <select
            aria-label={t('duties.field.when')}
            value={notify.when}
            data-testid="notify-when"
            onChange={(event) => update(index, { when: event.target.value })}
          >
            {/* A stored condition that is no longer offered stays selectable, so opening the editor changes nothing. */}
            {[...new Set([notify.when, 'ALWAYS', ...REPORT_FLAGS])].map((when) => (
              <option key={when} value={when}>
                {when === 'ALWAYS'
                  ? t('duties.notifyAlways')
                  : t('duties.notifyFlag', { flag: t(`events:flag.${when}`, { defaultValue: when }) })}
              </option>
            ))}
          </select>
          <button
            type="button"
            onClick={() => onChange({ ...draft, notify: draft.notify.filter((_, position) => position !== index) })}
          >
            {t('duties.remove')}
          </button>
        </div>
      ))}
      <button
        type="button"
        onClick={() =>
          onChange({
            ...draft,
            notify: [...draft.notify, { department: 'civil_affairs', level: 'STREET', when: 'ALWAYS' }],
          })
        }
      >
        {t('duties.add')}
      </button>
    </fieldset>
  );
}

/**
 * Renders the editor of one rule for district governance commanders. Saving sends the whole rule as a new version
 * with the mandatory change note. Problems the form can see are listed before sending, and the subgraph's Chinese
 * messages after it rejects a version.
 */
export function RuleEditor(props: {
  rule: ResponsibilityRule;
  onSaved: (rule: ResponsibilityRule) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation('assessment');
  const errorText = useApiErrorText();
  const [draft, setDraft] = useState(() => draftOf(props.rule));
  const [problems, setProblems] = useState<string[]>([]);
  const [saving, save] = useMutation(SET_RESPONSIBILITY_RULE_MUTATION);

  const submit = async () => {
    const found = draftProblems(draft, t);
    setProblems(found);
    if (found.length > 0) return;
    const result = await save({ input: inputOf(draft) });
    const saved = result.data?.setResponsibilityRule;
    if (saved) {
      props.onSaved(saved);
      return;
    }
    const errors = result.error?.graphQLErrors ?? [];
    const details = errors.length > 0 ? errors.map(errorText) : [result.error?.message ?? ''];
    setProblems(details.map((detail) => t('duties.saveFailed', { detail })));
  };

  return (
    // noValidate: the browser's own check of min and step would block the submit silently and leave old problems.
    <form
      className="rule-editor"
      data-testid="rule-editor"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <label className="wide">
        {t('duties.field.title')}
        <input value={draft.title} onChange={(event) => setDraft({ ...draft, title: event.target.value })} />
      </label>
      {STEP_LISTS.map((list) => (
        <StepsEditor
          key={list}
          label={t(LIST_LABELS[list])}
          steps={draft[list]}
          onChange={(steps) => setDraft({ ...draft, [list]: steps })}
          onAdd={() => setDraft({ ...draft, [list]: [...draft[list], newStep(draft, list)] })}
        />
      ))}
      <HandOffsEditor draft={draft} onChange={setDraft} />
      <NotifyEditor draft={draft} onChange={setDraft} />
      <label>
        <input
          type="checkbox"
          checked={draft.escalateOnOverdue}
          onChange={(event) => setDraft({ ...draft, escalateOnOverdue: event.target.checked })}
        />
        {t('duties.field.escalate')}
      </label>
      <label className="wide">
        {t('duties.field.changeNote')}
        <textarea
          value={draft.changeNote}
          rows={2}
          maxLength={200}
          data-testid="change-note"
          onChange={(event) => setDraft({ ...draft, changeNote: event.target.value })}
        />
      </label>
      {problems.length > 0 && (
        <ul className="notice error" role="alert" data-testid="rule-problems">
          {problems.map((problem) => (
            <li key={problem}>{problem}</li>
          ))}
        </ul>
      )}
      <div className="editor-actions">
        <button type="submit" disabled={saving.fetching} data-testid="save-rule">
          {t(saving.fetching ? 'duties.saving' : 'duties.save')}
        </button>
        <button type="button" onClick={props.onCancel}>
          {t('duties.cancel')}
        </button>
      </div>
    </form>
  );
}

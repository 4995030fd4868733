import { useTranslation } from 'react-i18next';
import type { ResponsibilityStep, TaskRole, UnitLevel } from '../graphql/events.js';
import { isValidDeadline, MAX_DEADLINE_MINUTES, STEP_DEPARTMENTS, STEP_LEVELS, STEP_ROLES } from './draft.js';

/** Options of every department a step or notification may name, labelled in the UI language. */
export function DepartmentOptions() {
  const { t } = useTranslation('session');
  return (
    <>
      {STEP_DEPARTMENTS.map((department) => (
        <option key={department} value={department}>
          {t(`user.department.${department}`)}
        </option>
      ))}
    </>
  );
}

export function LevelOptions() {
  const { t } = useTranslation();
  return (
    <>
      {STEP_LEVELS.map((level) => (
        <option key={level} value={level}>
          {t(`level.${level}`)}
        </option>
      ))}
    </>
  );
}

/** Editable rows of one step list, with a button that adds a step at the end. */
export function StepsEditor(props: {
  label: string;
  steps: ResponsibilityStep[];
  onChange: (steps: ResponsibilityStep[]) => void;
  onAdd: () => void;
}) {
  const { t } = useTranslation('assessment');
  const { steps, onChange } = props;
  const update = (index: number, change: Partial<ResponsibilityStep>) =>
    onChange(steps.map((step, position) => (position === index ? { ...step, ...change } : step)));

  return (
    <fieldset className="steps-editor">
      <legend>{props.label}</legend>
      {steps.length > 0 && (
        <table className="steps">
          <thead>
            <tr>
              <th scope="col">{t('duties.step.key')}</th>
              <th scope="col">{t('duties.step.department')}</th>
              <th scope="col">{t('duties.step.level')}</th>
              <th scope="col">{t('duties.step.role')}</th>
              <th scope="col">{t('duties.step.deadlineMinutes')}</th>
              <th scope="col">{t('duties.step.description')}</th>
              <th scope="col" aria-label={t('duties.remove')} />
            </tr>
          </thead>
          <tbody>
            {steps.map((step, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: rows have no stable identity while their key is edited
              <tr key={index} data-step={step.key}>
                <td>
                  <input
                    aria-label={t('duties.step.key')}
                    value={step.key}
                    size={12}
                    onChange={(event) => update(index, { key: event.target.value })}
                  />
                </td>
                <td>
                  <select
                    aria-label={t('duties.step.department')}
                    value={step.department}
                    onChange={(event) => update(index, { department: event.target.value })}
                  >
                    <DepartmentOptions />
                  </select>
                </td>
                <td>
                  <select
                    aria-label={t('duties.step.level')}
                    value={step.level}
                    onChange={(event) => update(index, { level: event.target.value as UnitLevel })}
                  >
                    <LevelOptions />
                  </select>
                </td>
                <td>
                  <select
                    aria-label={t('duties.step.role')}
                    value={step.role}
                    onChange={(event) => update(index, { role: event.target.value as TaskRole })}
                  >
                    {STEP_ROLES.map((role) => (
                      <option key={role} value={role}>
                        {t(`events:role.${role}`)}
                      </option>
                    ))}
                  </select>
                </td>
                <td>
                  <input
                    aria-label={t('duties.step.deadlineMinutes')}
                    type="number"
                    min={1}
                    step={1}
                    value={Number.isNaN(step.deadlineMinutes) ? '' : step.deadlineMinutes}
                    aria-invalid={!isValidDeadline(step.deadlineMinutes)}
                    data-testid="deadline-input"
                    onChange={(event) => update(index, { deadlineMinutes: event.target.valueAsNumber })}
                  />
                  {!isValidDeadline(step.deadlineMinutes) && (
                    <span className="field-error" role="alert" data-testid="deadline-error">
                      {t('duties.invalid.deadlineField', { max: MAX_DEADLINE_MINUTES })}
                    </span>
                  )}
                </td>
                <td>
                  <input
                    aria-label={t('duties.step.description')}
                    value={step.description}
                    onChange={(event) => update(index, { description: event.target.value })}
                  />
                </td>
                <td>
                  <button type="button" onClick={() => onChange(steps.filter((_, position) => position !== index))}>
                    {t('duties.remove')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <button type="button" onClick={props.onAdd}>
        {t('duties.add')}
      </button>
    </fieldset>
  );
}

import { useTranslation } from 'react-i18next';
import { formatDeadline } from '../assessment/format.js';
import type { ResponsibilityRule, ResponsibilityStep } from '../graphql/events.js';
import { formatShanghaiTime } from '../time.js';

/** Renders the steps of one list as a table: key, department, level, role, deadline and description. */
export function StepsTable({ steps, label }: { steps: ResponsibilityStep[]; label: string }) {
  const { t } = useTranslation('assessment');
  if (steps.length === 0) return null;
  return (
    <table className="steps" aria-label={label}>
      <thead>
        <tr>
          <th scope="col">{t('duties.step.key')}</th>
          <th scope="col">{t('duties.step.department')}</th>
          <th scope="col">{t('duties.step.level')}</th>
          <th scope="col">{t('duties.step.role')}</th>
          <th scope="col">{t('duties.step.deadline')}</th>
          <th scope="col">{t('duties.step.description')}</th>
        </tr>
      </thead>
      <tbody>
        {steps.map((step) => (
          <tr key={step.key} data-step={step.key}>
            <td>
              <code>{step.key}</code>
            </td>
            <td>{t(`session:user.department.${step.department}`, { defaultValue: step.department })}</td>
            <td>{t(`translation:level.${step.level}`)}</td>
            <td>{t(`events:role.${step.role}`)}</td>
            <td data-testid="step-deadline">{formatDeadline(step.deadlineMinutes, t)}</td>
            <td>{step.description}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Renders a rule read-only: its steps, hand-offs, notifications, escalation and who changed it last. */
export function RuleView({ rule }: { rule: ResponsibilityRule }) {
  const { t, i18n } = useTranslation('assessment');
  const department = (code: string) => t(`session:user.department.${code}`, { defaultValue: code });
  return (
    <div className="rule-view">
      <p className="rule-title">{rule.title}</p>
      <h4>{t('duties.dispatch')}</h4>
      <StepsTable steps={rule.dispatch} label={t('duties.dispatch')} />
      {rule.handOffSteps.length > 0 && (
        <>
          <h4>{t('duties.handOffSteps')}</h4>
          <StepsTable steps={rule.handOffSteps} label={t('duties.handOffSteps')} />
        </>
      )}
      {rule.handOffs.length > 0 && (
        <>
          <h4>{t('duties.handOffs')}</h4>
          <ul className="plain">
            {rule.handOffs.map((handOff) => (
              <li key={`${handOff.from}-${handOff.to}`}>{t('duties.handOff', handOff)}</li>
            ))}
          </ul>
        </>
      )}
      {rule.followUp.length > 0 && (
        <>
          <h4>{t('duties.followUp')}</h4>
          <StepsTable steps={rule.followUp} label={t('duties.followUp')} />
        </>
      )}
      <h4>{t('duties.notify')}</h4>
      {rule.notify.length === 0 ? (
        <p className="muted">{t('duties.none')}</p>
      ) : (
        <ul className="plain">
          {rule.notify.map((notify) => (
            <li key={`${notify.department}-${notify.level}-${notify.when}`}>
              {t('duties.notifyLine', {
                department: department(notify.department),
                level: t(`translation:level.${notify.level}`),
                when:
                  notify.when === 'ALWAYS'
                    ? t('duties.notifyAlways')
                    : t('duties.notifyFlag', { flag: t(`events:flag.${notify.when}`, { defaultValue: notify.when }) }),
              })}
            </li>
          ))}
        </ul>
      )}
      <p>{t(rule.escalateOnOverdue ? 'duties.escalateOn' : 'duties.escalateOff')}</p>
      <p className="muted" data-testid="rule-changed">
        {t('duties.changed', { by: rule.changedBy, at: formatShanghaiTime(new Date(rule.changedAt), i18n.language) })}
        {rule.changeNote ? ` · ${t('duties.changeNote', { note: rule.changeNote })}` : ''}
      </p>
    </div>
  );
}

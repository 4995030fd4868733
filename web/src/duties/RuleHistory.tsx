import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { RESPONSIBILITY_RULE_HISTORY_QUERY, type ResponsibilityRule } from '../graphql/events.js';
import { useApiErrorText } from '../session/access.js';
import { formatShanghaiTime } from '../time.js';

/** Lists every version of a rule, newest first; the versions load when the list is first opened. */
function Versions({ rule }: { rule: ResponsibilityRule }) {
  const { t, i18n } = useTranslation('assessment');
  const errorText = useApiErrorText();
  const [result] = useQuery({
    query: RESPONSIBILITY_RULE_HISTORY_QUERY,
    variables: { category: rule.category, severity: rule.severity },
    requestPolicy: 'cache-and-network',
  });
  const error = result.error?.graphQLErrors[0] ?? (result.error ? { message: result.error.message } : null);
  if (error) return <p className="notice error">{t('duties.failed', { detail: errorText(error) })}</p>;
  if (!result.data) return <p className="muted">{t('duties.historyLoading')}</p>;
  const versions = [...result.data.responsibilityRuleHistory].sort((a, b) => b.version - a.version);
  return (
    <ol className="plain history" data-testid="rule-history">
      {versions.map((version) => (
        <li key={version.id}>
          <strong>{t('duties.version', { version: version.version })}</strong>{' '}
          {t('duties.changed', {
            by: version.changedBy,
            at: formatShanghaiTime(new Date(version.changedAt), i18n.language),
          })}
          {version.changeNote ? ` · ${t('duties.changeNote', { note: version.changeNote })}` : ''}
        </li>
      ))}
    </ol>
  );
}

export function RuleHistory({ rule }: { rule: ResponsibilityRule }) {
  const { t } = useTranslation('assessment');
  const [opened, setOpened] = useState(false);
  return (
    <details onToggle={(event) => setOpened(opened || event.currentTarget.open)}>
      <summary>{t('duties.history')}</summary>
      {opened && <Versions rule={rule} />}
    </details>
  );
}

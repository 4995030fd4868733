import '../assessment/assessment.css';
import './duties.css';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { mayEditDuties } from '../assessment/access.js';
import { EVENT_CATEGORIES, RESPONSIBILITY_RULES_QUERY, type ResponsibilityRule } from '../graphql/events.js';
import { Header } from '../panels/Header.js';
import { useApiErrorText } from '../session/access.js';
import { useSession } from '../session/SessionGate.js';
import { SEVERITY_ORDER } from './draft.js';
import { RuleEditor } from './RuleEditor.js';
import { RuleHistory } from './RuleHistory.js';
import { RuleView } from './RuleView.js';

/** Orders rules by category as the schema lists them, then by severity with the catch-all rule first. */
function compareRules(a: ResponsibilityRule, b: ResponsibilityRule): number {
  const byCategory = EVENT_CATEGORIES.indexOf(a.category) - EVENT_CATEGORIES.indexOf(b.category);
  return byCategory !== 0 ? byCategory : SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity);
}

function ruleKey(rule: ResponsibilityRule): string {
  return `${rule.category}:${rule.severity ?? 'ALL'}`;
}

/**
 * Renders one rule: its heading and version, the read-only view or the editor, and its version history. A version
 * saved on this page replaces the listed one at once, before the list is loaded again.
 */
function RuleCard(props: {
  listed: ResponsibilityRule;
  saved: ResponsibilityRule | null;
  editable: boolean;
  editing: boolean;
  onEdit: () => void;
  onSaved: (rule: ResponsibilityRule) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation('assessment');
  const { listed, saved } = props;
  const rule = saved && saved.version > listed.version ? saved : listed;
  return (
    <article
      className="rule-card"
      data-testid="rule-card"
      data-category={rule.category}
      data-severity={rule.severity ?? 'ALL'}
    >
      <header>
        <h3>
          {t(`events:category.${rule.category}`)} ·{' '}
          {rule.severity ? t(`events:severity.${rule.severity}`) : t('duties.allSeverities')}
        </h3>
        <span className="version" data-testid="rule-version">
          {t('duties.version', { version: rule.version })}
        </span>
        {props.editable && !props.editing && (
          <button type="button" onClick={props.onEdit} data-testid="edit-rule">
            {t('duties.edit')}
          </button>
        )}
      </header>
      {saved && (
        <p className="notice info" role="status" data-testid="rule-saved">
          {t('duties.saved', { version: saved.version })}
        </p>
      )}
      {props.editing ? (
        <RuleEditor rule={rule} onSaved={props.onSaved} onCancel={props.onCancel} />
      ) : (
        <RuleView rule={rule} />
      )}
      <RuleHistory key={rule.version} rule={rule} />
    </article>
  );
}

/**
 * Renders the responsibility list (职责清单) at /duties: every rule in force. District governance commanders edit a
 * rule and save it as a new version, and everyone else reads it.
 */
export function DutiesPage() {
  const { t } = useTranslation('assessment');
  const errorText = useApiErrorText();
  const { session } = useSession();
  const editable = mayEditDuties(session.user);
  const [editing, setEditing] = useState<string | null>(null);
  const [saved, setSaved] = useState<ResponsibilityRule | null>(null);
  const [result, refetch] = useQuery({ query: RESPONSIBILITY_RULES_QUERY, variables: {} });
  const rules = useMemo(() => [...(result.data?.responsibilityRules ?? [])].sort(compareRules), [result.data]);

  useEffect(() => {
    document.title = t('duties.title');
  }, [t]);

  const error = result.error?.graphQLErrors[0] ?? (result.error ? { message: result.error.message } : null);
  return (
    <div className="app single-page">
      <Header page="duties" />
      <main className="page-main duties">
        <h2>{t('duties.heading')}</h2>
        <p className="muted">{t('duties.intro')}</p>
        {!editable && (
          <p className="notice info" data-testid="duties-read-only">
            {t('duties.readOnly')}
          </p>
        )}
        {result.fetching && !result.data && <p className="muted">{t('duties.loading')}</p>}
        {error && (
          <p className="notice error" role="alert">
            {t('duties.failed', { detail: errorText(error) })}
          </p>
        )}
        {result.data && rules.length === 0 && <p className="notice info">{t('duties.empty')}</p>}
        {rules.map((rule) => (
          <RuleCard
            key={ruleKey(rule)}
            listed={rule}
            saved={saved && ruleKey(saved) === ruleKey(rule) ? saved : null}
            editable={editable}
            editing={editing === ruleKey(rule)}
            onEdit={() => {
              setEditing(ruleKey(rule));
              setSaved(null);
            }}
            onSaved={(version) => {
              setEditing(null);
              setSaved(version);
              refetch({ requestPolicy: 'network-only' });
            }}
            onCancel={() => setEditing(null)}
          />
        ))}
      </main>
    </div>
  );
}

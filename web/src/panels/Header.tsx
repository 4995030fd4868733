import './Header.css';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { mayReport, mayViewAssessment, mayViewDuties } from '../assessment/access.js';
import { OWN_UNIT_QUERY } from '../graphql/queries.js';
import { useSession } from '../session/SessionGate.js';
import { mayUseWorkbench, type SessionUser } from '../session/session.js';
import { LanguageSwitch } from './LanguageSwitch.js';

export type Page = 'map' | 'workbench' | 'assessment' | 'duties' | 'report';

interface PageEntry {
  page: Page;
  path: string;
  /** i18n key of the link, with its namespace. */
  label: string;
  /** Whether the link is offered to the user; the workbench link is shown disabled with the reason instead. */
  offered: (user: SessionUser) => boolean;
}

/**
 * The pages and their paths. The links are plain anchors: each page loads as its own document, so the map never
 * loads the workbench's code and each page gets the content security policy the gateway sets for its path.
 */
const PAGES: PageEntry[] = [
  { page: 'map', path: '/', label: 'workbench:nav.map', offered: () => true },
  { page: 'workbench', path: '/workbench', label: 'workbench:nav.workbench', offered: () => true },
  { page: 'assessment', path: '/assessment', label: 'assessment:nav.assessment', offered: mayViewAssessment },
  { page: 'duties', path: '/duties', label: 'assessment:nav.duties', offered: mayViewDuties },
  { page: 'report', path: '/report', label: 'assessment:nav.report', offered: mayReport },
];

/** i18n key of each page's title in the header. */
const TITLES: Record<Page, string> = {
  map: 'app.title',
  workbench: 'workbench:title',
  assessment: 'assessment:page.title',
  duties: 'assessment:duties.title',
  report: 'assessment:nav.report',
};

/** Name, level, org unit and department of the signed-in user; the unit's name comes from the API. */
function UserInfo({ user }: { user: SessionUser }) {
  const { t } = useTranslation('session');
  const [result] = useQuery({ query: OWN_UNIT_QUERY, variables: { code: user.orgUnit } });
  const unitName = result.data?.orgUnit?.name ?? user.orgUnit;
  return (
    <section className="user-info" aria-label={t('user.label')} data-testid="user-info">
      <span className="user-name">{user.name}</span>
      <span>{t(`translation:level.${user.level}`)}</span>
      <span data-testid="user-unit">{unitName}</span>
      <span>{t(`user.department.${user.department}`)}</span>
    </section>
  );
}

export function Header({ page = 'map' }: { page?: Page }) {
  const { t } = useTranslation();
  const { session, logout } = useSession();
  const workbench = mayUseWorkbench(session.user);
  return (
    <header className="header">
      <h1>{t(TITLES[page])}</h1>
      <nav className="page-nav" aria-label={t('workbench:nav.label')}>
        {PAGES.filter((entry) => entry.offered(session.user)).map((entry) =>
          entry.page === 'workbench' && !workbench ? (
            <span key={entry.page} className="unavailable" aria-disabled="true" data-testid="workbench-unavailable">
              {t(entry.label)}
              <small title={t('session:workbench.denied')}>{t('session:workbench.denied')}</small>
            </span>
          ) : (
            <a key={entry.page} href={entry.path} aria-current={entry.page === page ? 'page' : undefined}>
              {t(entry.label)}
            </a>
          ),
        )}
      </nav>
      <UserInfo user={session.user} />
      <LanguageSwitch />
      <button type="button" className="logout" onClick={logout}>
        {t('session:user.logout')}
      </button>
    </header>
  );
}

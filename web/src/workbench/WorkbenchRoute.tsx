import { Component, lazy, type ReactNode, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Header } from '../panels/Header.js';
import { useSession } from '../session/SessionGate.js';
import { mayUseWorkbench } from '../session/session.js';

/** Path of the analyst workbench. Any path below it shows the workbench too. */
export const WORKBENCH_PATH = '/workbench';

export function isWorkbenchPath(pathname: string): boolean {
  return pathname === WORKBENCH_PATH || pathname.startsWith(`${WORKBENCH_PATH}/`);
}

// GraphiQL and Monaco are several megabytes, so they load in their own chunk and only on this route.
const WorkbenchPage = lazy(() => import('./WorkbenchPage.js').then((module) => ({ default: module.WorkbenchPage })));

/** Renders the page's header and panel while the workbench loads or after it failed to load. */
function Shell({ children }: { children: ReactNode }) {
  return (
    <div className="app">
      <Header page="workbench" />
      <aside className="panel">{children}</aside>
    </div>
  );
}

function Loading() {
  const { t } = useTranslation('workbench');
  return (
    <Shell>
      <p className="notice info" role="status">
        {t('page.loading')}
      </p>
    </Shell>
  );
}

function LoadFailed({ error }: { error: Error }) {
  const { t } = useTranslation('workbench');
  return (
    <Shell>
      <p className="notice error" role="alert">
        {t('page.loadFailed', { detail: error.message })}
      </p>
    </Shell>
  );
}

/** Shows a message instead of a blank page when the workbench's chunk fails to load or render. */
class LoadBoundary extends Component<{ children: ReactNode }, { error: Error | null }> {
  override state = { error: null as Error | null };

  static getDerivedStateFromError(error: unknown) {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override render() {
    return this.state.error ? <LoadFailed error={this.state.error} /> : this.props.children;
  }
}

/** Says why the workbench is not offered, for a user who is neither analyst nor auditor. */
function Unavailable() {
  const { t } = useTranslation('session');
  return (
    <Shell>
      <p className="notice error" role="alert" data-testid="workbench-denied">
        {t('workbench.denied')}
      </p>
      <p className="muted">{t('workbench.deniedDetail')}</p>
    </Shell>
  );
}

export function WorkbenchRoute() {
  const { session } = useSession();
  // The gateway refuses their free text anyway (403 PERSISTED_QUERY_REQUIRED); the page shows the reason before they try.
  if (!mayUseWorkbench(session.user)) return <Unavailable />;
  return (
    <LoadBoundary>
      <Suspense fallback={<Loading />}>
        <WorkbenchPage />
      </Suspense>
    </LoadBoundary>
  );
}

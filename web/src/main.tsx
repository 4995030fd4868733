import './styles.css';
import { type JSX, lazy, StrictMode, Suspense } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { App } from './App.js';
import { initI18n } from './i18n/index.js';
import { SessionGate } from './session/SessionGate.js';
import { isWorkbenchPath, WorkbenchRoute } from './workbench/WorkbenchRoute.js';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

const ReportPage = lazy(() => import('./report/ReportPage.js').then((module) => ({ default: module.ReportPage })));
const AssessmentPage = lazy(() =>
  import('./assessment/AssessmentPage.js').then((module) => ({ default: module.AssessmentPage })),
);
const DutiesPage = lazy(() => import('./duties/DutiesPage.js').then((module) => ({ default: module.DutiesPage })));

/** Pages other than the map, by path. Each loads lazily, so the map page downloads none of them. */
const PAGES: Record<string, () => JSX.Element> = {
  '/report': () => <ReportPage />,
  '/assessment': () => <AssessmentPage />,
  '/duties': () => <DutiesPage />,
};

// The pages link to each other with plain anchors, so the route is read once per page load. The workbench loads
// lazily, so the map page never downloads GraphiQL or Monaco.
// TODO: load the map lazily as well; the workbench page still downloads the map's chunk with MapLibre (about 1.4 MB).
function pageFor(pathname: string): JSX.Element {
  if (isWorkbenchPath(pathname)) return <WorkbenchRoute />;
  const page = PAGES[pathname.replace(/\/+$/, '')];
  return page ? <Suspense fallback={null}>{page()}</Suspense> : <App />;
}

createRoot(root).render(
  <StrictMode>
    <I18nextProvider i18n={initI18n()}>
      <SessionGate>{pageFor(window.location.pathname)}</SessionGate>
    </I18nextProvider>
  </StrictMode>,
);

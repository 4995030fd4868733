import './styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { App } from './App.js';
import { initI18n } from './i18n/index.js';
import { SessionGate } from './session/SessionGate.js';
import { isWorkbenchPath, WorkbenchRoute } from './workbench/WorkbenchRoute.js';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

// The pages link to each other with plain anchors, so the route is read once per page load. The workbench loads
// lazily, so the map page never downloads GraphiQL or Monaco.
// TODO: load the map lazily as well; the workbench page still downloads the map's chunk with MapLibre (about 1.4 MB).
const page = isWorkbenchPath(window.location.pathname) ? <WorkbenchRoute /> : <App />;

createRoot(root).render(
  <StrictMode>
    <I18nextProvider i18n={initI18n()}>
      <SessionGate>{page}</SessionGate>
    </I18nextProvider>
  </StrictMode>,
);

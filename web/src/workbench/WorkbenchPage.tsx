// Monaco runs its language services in web workers. This import points Monaco at workers that Vite bundles from
// monaco-editor and monaco-graphql (`?worker` imports), so they are served from the hub's own origin.
import 'graphiql/setup-workers/vite';
import 'graphiql/style.css';
import './workbench.css';
import { GraphiQL, type GraphiQLProps } from 'graphiql';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Header } from '../panels/Header.js';
import { useSession } from '../session/SessionGate.js';
import { mayIntrospect } from '../session/session.js';
import { type EditorContents, readDraft, writeDraft } from './draft.js';
import { ExamplesPanel } from './ExamplesPanel.js';
import { ExportPanel } from './ExportPanel.js';
import { examplesFor } from './examples.js';
import { createWorkbenchFetcher, type RecordedRun } from './fetcher.js';
import { SavedQueriesPanel } from './SavedQueriesPanel.js';
import { browserStorage } from './storage.js';

type TabsState = Parameters<NonNullable<GraphiQLProps['onTabChange']>>[0];

/** GraphiQL's mount: a new `key` remounts it, and it then opens `contents` in a tab. */
interface EditorMount {
  key: number;
  contents: EditorContents;
}

/**
 * Renders the workbench at /workbench for analysts and auditors: GraphiQL on the gateway's /graphql, with saved
 * queries, the examples for the user's roles and export of the last result beside it.
 *
 * The gateway rejects schema introspection from auditors (403 INTROSPECTION_FORBIDDEN), so for them GraphiQL starts
 * without a schema (`schema={null}` skips the introspection request in GraphiQL 5.4) and without its docs pane,
 * which would be empty. Their editor then offers no completion and no validation against the schema.
 *
 * NOTE: GraphiQL 5 has no translations, so its own labels (Run, Prettify, Documentation Explorer, History, Settings,
 * the docs pane's headings) stay in English in both languages. The schema's descriptions, which the docs pane shows,
 * are Chinese, and everything around GraphiQL is translated.
 */
export function WorkbenchPage() {
  const { t } = useTranslation('workbench');
  const { session } = useSession();
  const introspection = mayIntrospect(session.user);
  const examples = useMemo(() => examplesFor(session.user.roles), [session.user.roles]);
  const [run, setRun] = useState<RecordedRun | null>(null);
  const fetcher = useMemo(() => createWorkbenchFetcher(setRun), []);
  const [mount, setMount] = useState<EditorMount>(() => ({
    key: 0,
    contents: readDraft(browserStorage()) ?? {
      query: t(introspection ? 'page.defaultQuery' : 'page.auditorDefaultQuery'),
      variables: '',
    },
  }));
  const [current, setCurrent] = useState<EditorContents>(mount.contents);

  // i18next's languageChanged handler sets the map's title. `t` changes with the language, so this effect runs after
  // that handler and sets the page's own title.
  useEffect(() => {
    document.title = t('title');
  }, [t]);

  const update = useCallback((contents: EditorContents) => {
    setCurrent(contents);
    writeDraft(browserStorage(), contents);
  }, []);

  const open = useCallback(
    (query: string, variables: string) => {
      setMount((previous) => ({ key: previous.key + 1, contents: { query, variables } }));
      update({ query, variables });
    },
    [update],
  );

  const onTabChange = useCallback(
    (state: TabsState) => {
      const tab = state.tabs[state.activeTabIndex];
      if (tab) update({ query: tab.query ?? '', variables: tab.variables ?? '' });
    },
    [update],
  );

  return (
    <div className="app workbench">
      <Header page="workbench" />
      <aside className="panel workbench-panel">
        <ExportPanel run={run} />
        <SavedQueriesPanel current={current} onOpen={open} />
        <ExamplesPanel examples={examples} withoutSchema={!introspection} onOpen={open} />
      </aside>
      <main className="workbench-editor" aria-label={t('page.editorLabel')}>
        <GraphiQL
          key={mount.key}
          fetcher={fetcher}
          initialQuery={mount.contents.query}
          initialVariables={mount.contents.variables}
          onTabChange={onTabChange}
          forcedTheme="light"
          schema={introspection ? undefined : null}
          referencePlugin={introspection ? undefined : null}
        >
          <GraphiQL.Logo>{t('page.editorLogo')}</GraphiQL.Logo>
        </GraphiQL>
      </main>
    </div>
  );
}

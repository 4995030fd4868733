import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatShanghaiTime } from '../time.js';
import type { EditorContents } from './draft.js';
import { Message, type PanelMessage } from './Message.js';
import {
  deleteQuery,
  type ListChange,
  MAX_NAME_LENGTH,
  readSavedQueries,
  renameQuery,
  SAVED_QUERIES_KEY,
  type SavedQuery,
  saveQuery,
  writeSavedQueries,
} from './savedQueries.js';
import { browserStorage, randomId } from './storage.js';

export interface SavedQueriesPanelProps {
  /** The operation and variables in the active editor tab, saved by the save button. */
  current: EditorContents;
  /** Opens an operation and its variables in a new editor tab. */
  onOpen(query: string, variables: string): void;
}

type RowMode = { id: string; kind: 'rename'; name: string } | { id: string; kind: 'delete' } | null;

/**
 * Lists the saved queries of this browser and saves the active tab under a name, loads, renames or deletes an entry.
 * Each change starts from the list in storage at that moment, so changes made in another window are kept.
 */
export function SavedQueriesPanel({ current, onOpen }: SavedQueriesPanelProps) {
  const { t, i18n } = useTranslation('workbench');
  const [list, setList] = useState<SavedQuery[]>([]);
  const [name, setName] = useState('');
  const [mode, setMode] = useState<RowMode>(null);
  const [message, setMessage] = useState<PanelMessage | null>(null);

  const reload = useCallback(() => {
    const read = readSavedQueries(browserStorage());
    setList(read.list);
    if (read.error) setMessage({ kind: 'error', text: t(`saved.errors.${read.error}`) });
  }, [t]);

  useEffect(() => {
    reload();
    const onStorage = (event: StorageEvent) => {
      if (event.key === SAVED_QUERIES_KEY) reload();
    };
    window.addEventListener('storage', onStorage);
    return () => window.removeEventListener('storage', onStorage);
  }, [reload]);

  /** Applies a change to the stored list and writes it back. Returns the change, or null after an error. */
  const apply = <T extends ListChange>(
    change: (stored: SavedQuery[]) => T,
    name?: string,
  ): (T & { ok: true }) | null => {
    const storage = browserStorage();
    const read = readSavedQueries(storage);
    if (read.error === 'storageUnavailable') {
      setMessage({ kind: 'error', text: t('saved.errors.storageUnavailable') });
      return null;
    }
    const result = change(read.list);
    if (!result.ok) {
      setMessage({ kind: 'error', text: t(`saved.errors.${result.error}`, { max: MAX_NAME_LENGTH, name }) });
      return null;
    }
    const failure = writeSavedQueries(storage, result.list);
    if (failure) {
      setMessage({ kind: 'error', text: t(`saved.errors.${failure}`) });
      return null;
    }
    setList(result.list);
    return result as T & { ok: true };
  };

  const save = (event: FormEvent) => {
    event.preventDefault();
    const result = apply((stored) => saveQuery(stored, { name, ...current }, new Date(), randomId), name.trim());
    if (!result) return;
    setName('');
    const text = t(result.replaced ? 'saved.updated' : 'saved.created', { name: result.saved.name });
    setMessage({ kind: 'info', text });
  };

  const rename = (event: FormEvent, id: string, newName: string) => {
    event.preventDefault();
    const result = apply((stored) => renameQuery(stored, id, newName), newName.trim());
    if (!result) return;
    setMode(null);
    setMessage({ kind: 'info', text: t('saved.renamed', { name: result.saved.name }) });
  };

  const remove = (id: string) => {
    const result = apply((stored) => deleteQuery(stored, id));
    setMode(null);
    if (result) setMessage({ kind: 'info', text: t('saved.deleted', { name: result.saved.name }) });
  };

  const load = (entry: SavedQuery) => {
    onOpen(entry.query, entry.variables);
    setMessage({ kind: 'info', text: t('saved.loaded', { name: entry.name }) });
  };

  return (
    <section className="workbench-section" data-testid="saved-queries">
      <h2>{t('saved.heading')}</h2>
      <form className="saved-form" onSubmit={save}>
        <label>
          <span>{t('saved.nameLabel')}</span>
          <input
            value={name}
            placeholder={t('saved.namePlaceholder')}
            onChange={(event) => setName(event.target.value)}
          />
        </label>
        <button type="submit">{t('saved.save')}</button>
      </form>
      <Message message={message} testId="saved-message" />
      {list.length === 0 ? (
        <p className="muted">{t('saved.empty')}</p>
      ) : (
        <ul className="saved-list">
          {list.map((entry) => (
            <li key={entry.id}>
              {mode?.id === entry.id && mode.kind === 'rename' ? (
                <form className="saved-rename" onSubmit={(event) => rename(event, entry.id, mode.name)}>
                  <input
                    aria-label={t('saved.renameLabel')}
                    value={mode.name}
                    onChange={(event) => setMode({ ...mode, name: event.target.value })}
                    onKeyDown={(event) => {
                      if (event.key === 'Escape') setMode(null);
                    }}
                  />
                  <button type="submit">{t('saved.confirm')}</button>
                  <button type="button" onClick={() => setMode(null)}>
                    {t('saved.cancel')}
                  </button>
                </form>
              ) : (
                <>
                  <span className="saved-name">{entry.name}</span>
                  <span className="muted saved-time">
                    {t('saved.savedAt', { time: formatShanghaiTime(new Date(entry.savedAt), i18n.language) })}
                  </span>
                </>
              )}
              {mode?.id === entry.id && mode.kind === 'delete' ? (
                <div className="saved-actions">
                  <span>{t('saved.confirmDelete', { name: entry.name })}</span>
                  <button type="button" onClick={() => remove(entry.id)}>
                    {t('saved.confirm')}
                  </button>
                  <button type="button" onClick={() => setMode(null)}>
                    {t('saved.cancel')}
                  </button>
                </div>
              ) : (
                mode?.id !== entry.id && (
                  <div className="saved-actions">
                    <button type="button" onClick={() => load(entry)}>
                      {t('saved.load')}
                    </button>
                    <button type="button" onClick={() => setMode({ id: entry.id, kind: 'rename', name: entry.name })}>
                      {t('saved.rename')}
                    </button>
                    <button type="button" onClick={() => setMode({ id: entry.id, kind: 'delete' })}>
                      {t('saved.delete')}
                    </button>
                  </div>
                )
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

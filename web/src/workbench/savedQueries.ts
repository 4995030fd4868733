/**
 * Saved queries of the analyst workbench, kept in the browser's localStorage. The list operations are plain
 * functions that return a new list, so the unit tests run them in Node with a storage stub.
 */

export interface SavedQuery {
  id: string;
  name: string;
  query: string;
  /** Variables as the JSON text of the variables editor, possibly empty. */
  variables: string;
  /** ISO 8601 time of the last save. */
  savedAt: string;
}

export const SAVED_QUERIES_KEY = 'lianfang.workbench.savedQueries';
export const MAX_NAME_LENGTH = 80;

/** Reason a change to the list was rejected. The page shows a translated message for each. */
export type SavedQueryError = 'nameEmpty' | 'nameTooLong' | 'nameTaken' | 'queryEmpty' | 'notFound';
/** The reason the storage could not be read or written. */
export type StorageError = 'storageUnavailable' | 'storageFull' | 'unreadable';

export type ListChange = { ok: true; list: SavedQuery[]; saved: SavedQuery } | { ok: false; error: SavedQueryError };

/** The part of the Web Storage API (`localStorage`) the workbench uses. */
export interface StringStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

function isSavedQuery(value: unknown): value is SavedQuery {
  if (typeof value !== 'object' || value === null) return false;
  const entry = value as Record<string, unknown>;
  return ['id', 'name', 'query', 'variables', 'savedAt'].every((key) => typeof entry[key] === 'string');
}

/**
 * Reads the saved queries. Missing data is an empty list. Data that is not a JSON array is reported as
 * `unreadable` with an empty list, and single malformed entries are dropped, so one bad entry does not hide the rest.
 */
export function readSavedQueries(storage: Pick<StringStorage, 'getItem'>): {
  list: SavedQuery[];
  error?: StorageError;
} {
  let text: string | null;
  try {
    text = storage.getItem(SAVED_QUERIES_KEY);
  } catch {
    return { list: [], error: 'storageUnavailable' };
  }
  if (text === null) return { list: [] };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { list: [], error: 'unreadable' };
  }
  if (!Array.isArray(parsed)) return { list: [], error: 'unreadable' };
  return { list: parsed.filter(isSavedQuery) };
}

/** Writes the saved queries. Returns why the write failed, or null. */
export function writeSavedQueries(storage: Pick<StringStorage, 'setItem'>, list: SavedQuery[]): StorageError | null {
  try {
    storage.setItem(SAVED_QUERIES_KEY, JSON.stringify(list));
    return null;
  } catch (error) {
    // Browsers raise a DOMException named QuotaExceededError when the origin's storage is full.
    return error instanceof Error && error.name === 'QuotaExceededError' ? 'storageFull' : 'storageUnavailable';
  }
}

/** Trims a name and checks its length. Returns the name, or the reason it is invalid. */
function checkName(name: string): { ok: true; name: string } | { ok: false; error: SavedQueryError } {
  const trimmed = name.trim();
  if (trimmed === '') return { ok: false, error: 'nameEmpty' };
  if ([...trimmed].length > MAX_NAME_LENGTH) return { ok: false, error: 'nameTooLong' };
  return { ok: true, name: trimmed };
}

/**
 * Saves a query under a name. A new name adds an entry at the top of the list. An existing name, compared after
 * trimming, replaces that entry's query and variables and moves it to the top.
 */
export function saveQuery(
  list: SavedQuery[],
  input: { name: string; query: string; variables: string },
  now: Date,
  newId: () => string,
): ListChange & { replaced?: boolean } {
  const name = checkName(input.name);
  if (!name.ok) return name;
  if (input.query.trim() === '') return { ok: false, error: 'queryEmpty' };
  const existing = list.find((entry) => entry.name === name.name);
  const saved: SavedQuery = {
    id: existing?.id ?? newId(),
    name: name.name,
    query: input.query,
    variables: input.variables,
    savedAt: now.toISOString(),
  };
  const rest = list.filter((entry) => entry.id !== saved.id);
  return { ok: true, list: [saved, ...rest], saved, replaced: existing !== undefined };
}

/** Renames an entry in place. The new name must not belong to another entry. */
export function renameQuery(list: SavedQuery[], id: string, newName: string): ListChange {
  const name = checkName(newName);
  if (!name.ok) return name;
  const entry = list.find((candidate) => candidate.id === id);
  if (!entry) return { ok: false, error: 'notFound' };
  if (list.some((candidate) => candidate.id !== id && candidate.name === name.name)) {
    return { ok: false, error: 'nameTaken' };
  }
  const saved = { ...entry, name: name.name };
  return { ok: true, list: list.map((candidate) => (candidate.id === id ? saved : candidate)), saved };
}

/** Removes an entry. */
export function deleteQuery(list: SavedQuery[], id: string): ListChange {
  const entry = list.find((candidate) => candidate.id === id);
  if (!entry) return { ok: false, error: 'notFound' };
  return { ok: true, list: list.filter((candidate) => candidate.id !== id), saved: entry };
}

import type { BrowserStorage } from './storage.js';

/** The operation and variables in the active editor tab. */
export interface EditorContents {
  query: string;
  variables: string;
}

const DRAFT_KEY = 'lianfang.workbench.draft';

/**
 * Reads the editor contents of the last visit. GraphiQL stores its tabs too, and given these contents as its initial
 * query it reopens the matching tab. So the page has the active tab's contents from the start.
 */
export function readDraft(storage: BrowserStorage): EditorContents | null {
  try {
    const parsed: unknown = JSON.parse(storage.getItem(DRAFT_KEY) ?? 'null');
    if (typeof parsed !== 'object' || parsed === null) return null;
    const { query, variables } = parsed as Record<string, unknown>;
    return typeof query === 'string' && typeof variables === 'string' ? { query, variables } : null;
  } catch {
    return null;
  }
}

/** Stores the editor contents. Without storage they last until the page is reloaded. */
export function writeDraft(storage: BrowserStorage, contents: EditorContents): void {
  try {
    storage.setItem(DRAFT_KEY, JSON.stringify(contents));
  } catch {
    // The editor still works, and the next visit starts from the default query.
  }
}

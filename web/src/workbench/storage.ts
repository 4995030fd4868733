import type { StringStorage } from './savedQueries.js';

export type BrowserStorage = StringStorage;

const UNAVAILABLE: BrowserStorage = {
  getItem() {
    throw new Error('localStorage is unavailable');
  },
  setItem() {
    throw new Error('localStorage is unavailable');
  },
};

/**
 * Returns the page's localStorage, or a stand-in whose methods raise when the browser blocks storage (reading
 * `window.localStorage` raises a SecurityError then), so callers handle both cases as a failed read or write.
 */
export function browserStorage(): BrowserStorage {
  try {
    return window.localStorage;
  } catch {
    return UNAVAILABLE;
  }
}

/**
 * Returns a random id. `crypto.randomUUID` exists only in secure contexts, and a hub served over plain HTTP to
 * other machines is not one, so this uses `crypto.getRandomValues`, which every context has.
 */
export function randomId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return [...bytes].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

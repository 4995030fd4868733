import DataLoader from 'dataloader';
import type { SubgraphContext } from './context.js';

/**
 * Returns the request's loader called `name`, creating it on first use. Loaders live for one request only, so
 * their cache never serves one caller's rows to another.
 */
export function requestLoader<K, V>(
  context: SubgraphContext,
  name: string,
  batch: (keys: readonly K[]) => Promise<Map<K, V>>,
): DataLoader<K, V | null> {
  let loader = context.loaders.get(name) as DataLoader<K, V | null> | undefined;
  if (!loader) {
    // One statement per batch; the Map lookup returns results in key order with null for a missing row.
    loader = new DataLoader<K, V | null>(async (keys) => {
      const found = await batch(keys);
      return keys.map((key) => found.get(key) ?? null);
    });
    context.loaders.set(name, loader);
  }
  return loader;
}

/** Like `requestLoader`, for one-to-many lookups: every key gets a list, empty when nothing matches. */
export function requestListLoader<K, V>(
  context: SubgraphContext,
  name: string,
  batch: (keys: readonly K[]) => Promise<Map<K, V[]>>,
): DataLoader<K, V[]> {
  let loader = context.loaders.get(name) as DataLoader<K, V[]> | undefined;
  if (!loader) {
    loader = new DataLoader<K, V[]>(async (keys) => {
      const found = await batch(keys);
      return keys.map((key) => found.get(key) ?? []);
    });
    context.loaders.set(name, loader);
  }
  return loader;
}

/** Groups rows by a key, for list loaders. */
export function groupBy<K, V>(rows: readonly V[], keyOf: (row: V) => K): Map<K, V[]> {
  const groups = new Map<K, V[]>();
  for (const row of rows) {
    const key = keyOf(row);
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  return groups;
}

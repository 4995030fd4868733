import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { workspaceRoot } from '@lianfang/db';
import { buildSchema, parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { workbenchEn } from '../../web/src/i18n/workbench.en.js';
import { workbenchZhCN } from '../../web/src/i18n/workbench.zh-CN.js';
import { EXAMPLE_QUERIES, formatVariables } from '../../web/src/workbench/examples.js';
import {
  deleteQuery,
  MAX_NAME_LENGTH,
  readSavedQueries,
  renameQuery,
  SAVED_QUERIES_KEY,
  type SavedQuery,
  saveQuery,
  writeSavedQueries,
} from '../../web/src/workbench/savedQueries.js';

const NOW = new Date('2026-12-05T08:00:00+08:00');

/** Creates an in-memory Storage with the two methods the module uses. With `failWith`, every call raises it. */
function memoryStorage(initial: Record<string, string> = {}, failWith?: Error) {
  const items = new Map(Object.entries(initial));
  return {
    items,
    getItem(key: string) {
      if (failWith) throw failWith;
      return items.get(key) ?? null;
    },
    setItem(key: string, value: string) {
      if (failWith) throw failWith;
      items.set(key, value);
    },
  };
}

function idSequence() {
  let next = 0;
  return () => `id-${++next}`;
}

function saved(list: SavedQuery[], name: string, query = '{ borderZones { id } }', variables = ''): SavedQuery[] {
  const change = saveQuery(list, { name, query, variables }, NOW, () => `id-${name}`);
  if (!change.ok) throw new Error(`save failed: ${change.error}`);
  return change.list;
}

describe('saveQuery', () => {
  it('adds a new entry at the top', () => {
    const newId = idSequence();
    const first = saveQuery([], { name: '松陵街道盗窃', query: '{ a }', variables: '{"x":1}' }, NOW, newId);
    if (!first.ok) throw new Error(first.error);
    const second = saveQuery(first.list, { name: '群租房', query: '{ b }', variables: '' }, NOW, newId);
    if (!second.ok) throw new Error(second.error);
    expect(second.list.map((entry) => entry.name)).toEqual(['群租房', '松陵街道盗窃']);
    expect(second.list[1]).toEqual({
      id: 'id-1',
      name: '松陵街道盗窃',
      query: '{ a }',
      variables: '{"x":1}',
      savedAt: '2026-12-05T00:00:00.000Z',
    });
    expect(second.replaced).toBe(false);
  });

  it('replaces an entry with the same name', () => {
    const list = saved(saved([], '甲'), '乙');
    const change = saveQuery(list, { name: '  甲 ', query: '{ new }', variables: '{}' }, NOW, idSequence());
    if (!change.ok) throw new Error(change.error);
    expect(change.replaced).toBe(true);
    expect(change.list.map((entry) => [entry.id, entry.name, entry.query])).toEqual([
      ['id-甲', '甲', '{ new }'],
      ['id-乙', '乙', '{ borderZones { id } }'],
    ]);
  });

  it.each([
    ['   ', 'nameEmpty'],
    ['长'.repeat(MAX_NAME_LENGTH + 1), 'nameTooLong'],
  ])('rejects the name %j', (name, error) => {
    expect(saveQuery([], { name, query: '{ a }', variables: '' }, NOW, idSequence())).toEqual({ ok: false, error });
  });

  it('accepts a name of the maximum length in characters', () => {
    const name = '𠀀'.repeat(MAX_NAME_LENGTH);
    expect(saveQuery([], { name, query: '{ a }', variables: '' }, NOW, idSequence()).ok).toBe(true);
  });

  it('rejects an empty query', () => {
    const change = saveQuery([], { name: '空', query: ' \n ', variables: '' }, NOW, idSequence());
    expect(change).toEqual({ ok: false, error: 'queryEmpty' });
  });
});

describe('renameQuery', () => {
  it('renames in place', () => {
    const list = saved(saved([], '甲'), '乙');
    const change = renameQuery(list, 'id-甲', ' 丙 ');
    if (!change.ok) throw new Error(change.error);
    expect(change.list.map((entry) => entry.name)).toEqual(['乙', '丙']);
    expect(change.saved.id).toBe('id-甲');
  });

  it('keeps the name of the same entry', () => {
    expect(renameQuery(saved([], '甲'), 'id-甲', '甲').ok).toBe(true);
  });

  it('rejects the name of another entry', () => {
    const list = saved(saved([], '甲'), '乙');
    expect(renameQuery(list, 'id-甲', '乙')).toEqual({ ok: false, error: 'nameTaken' });
  });

  it('rejects an unknown id and an empty name', () => {
    const list = saved([], '甲');
    expect(renameQuery(list, 'missing', '丁')).toEqual({ ok: false, error: 'notFound' });
    expect(renameQuery(list, 'id-甲', '')).toEqual({ ok: false, error: 'nameEmpty' });
  });
});

describe('deleteQuery', () => {
  it('removes the entry', () => {
    const change = deleteQuery(saved(saved([], '甲'), '乙'), 'id-甲');
    if (!change.ok) throw new Error(change.error);
    expect(change.list.map((entry) => entry.name)).toEqual(['乙']);
    expect(change.saved.name).toBe('甲');
  });

  it('rejects an unknown id', () => {
    expect(deleteQuery([], 'missing')).toEqual({ ok: false, error: 'notFound' });
  });
});

describe('saved query storage', () => {
  it('reads nothing as an empty list', () => {
    expect(readSavedQueries(memoryStorage())).toEqual({ list: [] });
  });

  it('round-trips a list with Chinese text', () => {
    const storage = memoryStorage();
    const list = saved([], '交界地带热点', '{ borderZones { name } }', '{"zone":"BZ-320509-330421"}');
    expect(writeSavedQueries(storage, list)).toBeNull();
    expect(readSavedQueries(storage)).toEqual({ list });
  });

  it.each(['not json', '{"a":1}', 'null'])('reports unreadable data %j', (text) => {
    expect(readSavedQueries(memoryStorage({ [SAVED_QUERIES_KEY]: text }))).toEqual({ list: [], error: 'unreadable' });
  });

  it('drops malformed entries and keeps the rest', () => {
    const good = saved([], '甲')[0];
    const text = JSON.stringify([good, { id: 'x', name: 3 }, null, 'text']);
    expect(readSavedQueries(memoryStorage({ [SAVED_QUERIES_KEY]: text }))).toEqual({ list: [good] });
  });

  it('reports blocked storage', () => {
    const storage = memoryStorage({}, new DOMException('blocked', 'SecurityError'));
    expect(readSavedQueries(storage)).toEqual({ list: [], error: 'storageUnavailable' });
    expect(writeSavedQueries(storage, [])).toBe('storageUnavailable');
  });

  it('reports full storage', () => {
    const storage = memoryStorage({}, new DOMException('quota', 'QuotaExceededError'));
    expect(writeSavedQueries(storage, saved([], '甲'))).toBe('storageFull');
  });
});

describe('example queries', () => {
  it('have Chinese and English titles', () => {
    for (const example of EXAMPLE_QUERIES) {
      expect(workbenchZhCN.examples[example.key].title).toMatch(/\p{Script=Han}/u);
      expect(workbenchEn.examples[example.key].title).toMatch(/^[A-Z]/);
    }
  });

  it('name their operations uniquely', () => {
    const names = EXAMPLE_QUERIES.map((example) => /^query (\w+)/.exec(example.query)?.[1]);
    expect(names.every(Boolean)).toBe(true);
    expect(new Set(names).size).toBe(names.length);
  });

  it('validate against the supergraph', () => {
    const sdl = readFileSync(join(workspaceRoot, 'gateway', 'supergraph.graphql'), 'utf8');
    const schema = buildSchema(sdl, { assumeValidSDL: true });
    for (const example of EXAMPLE_QUERIES) {
      const messages = validate(schema, parse(example.query)).map((error) => error.message);
      expect(messages, example.key).toEqual([]);
    }
  });

  it('end periods at the given time', () => {
    const example = EXAMPLE_QUERIES.find((candidate) => candidate.key === 'streetIncidents');
    const variables = example?.variables(NOW);
    expect(variables).toEqual({ street: '320509001', from: '2026-11-05T00:00:00.000Z' });
    expect(formatVariables(variables ?? {})).toBe(
      '{\n  "street": "320509001",\n  "from": "2026-11-05T00:00:00.000Z"\n}\n',
    );
  });
});

describe('workbench translations', () => {
  /** Lists every key path of a nested message object. */
  function keyPaths(messages: object, prefix = ''): string[] {
    return Object.entries(messages).flatMap(([key, value]) =>
      typeof value === 'string' ? [`${prefix}${key}`] : keyPaths(value as object, `${prefix}${key}.`),
    );
  }

  it('have the same keys in both languages', () => {
    expect(keyPaths(workbenchEn).sort()).toEqual(keyPaths(workbenchZhCN).sort());
  });
});

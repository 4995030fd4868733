import { createLogger } from '@lianfang/db';
import { type RunningHub, startHub } from '@lianfang/hub';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyTemplate } from '../support/database.js';

let copy: Awaited<ReturnType<typeof copyTemplate>>;
let hub: RunningHub;

beforeAll(async () => {
  copy = await copyTemplate('seeded');
  hub = await startHub({
    database: { databaseUrl: copy.env.DATABASE_URL || undefined, dataDir: copy.env.LIANFANG_DATA_DIR, poolSize: 4 },
    port: 0,
    subgraphPortBase: 0,
    logger: createLogger('test'),
  });
});

afterAll(async () => {
  await hub?.stop();
  await copy?.remove();
});

async function graphql(query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
  const response = await fetch(`${hub.gateway.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as { data?: unknown; errors?: Record<string, unknown>[] },
  };
}

describe('gateway', () => {
  it('returns 吴江区 with its 14 street-level units', async () => {
    const { body } = await graphql('{ orgUnit(code: "320509") { name level children { code name level } } }');
    expect(body.errors).toBeUndefined();
    const unit = (
      body.data as { orgUnit: { name: string; level: string; children: { code: string; level: string }[] } }
    ).orgUnit;
    expect(unit.name).toBe('吴江区');
    expect(unit.level).toBe('DISTRICT');
    expect(unit.children).toHaveLength(14);
    expect(unit.children[0]).toEqual({ code: '320509001', name: '松陵街道', level: 'STREET' });
    expect(unit.children.every((child) => child.level === 'STREET')).toBe(true);
  });

  it('answers a bad code with a Chinese message and BAD_USER_INPUT', async () => {
    const { status, body } = await graphql('{ orgUnit(code: "3205") { name } }');
    expect(status).toBe(200);
    expect(body.errors?.[0]).toMatchObject({
      message: 'code 须为行政区划代码（区 6 位、街道 9 位、社区 12 位、网格 15 位数字），收到 "3205"',
      extensions: { code: 'BAD_USER_INPUT' },
    });
  });

  it('echoes a well-formed request id and replaces a forged one', async () => {
    const kept = await graphql('{ orgUnit(code: "320509") { name } }', {}, { 'x-request-id': 'case-2026-001' });
    expect(kept.headers.get('x-request-id')).toBe('case-2026-001');
    const replaced = await graphql(
      '{ orgUnit(code: "320509") { name } }',
      {},
      { 'x-request-id': 'bad id; with spaces' },
    );
    expect(replaced.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('reports every subgraph healthy', async () => {
    const response = await fetch(`${hub.gateway.url}/healthz`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { failing: string[] };
    expect(body.failing).toEqual([]);
  });
});

describe('gateway with a subgraph down', () => {
  it('names the missing department without its address and recovers after a restart', async () => {
    await hub.stopSubgraph('governance');

    const down = await graphql('{ orgUnit(code: "320509") { name } }');
    expect(down.status).toBe(200);
    const error = down.body.errors?.[0] as { message: string; extensions: { code: string; serviceName: string } };
    expect(error.extensions).toEqual({ code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'governance' });
    expect(error.message).toContain('综治网格');
    expect(JSON.stringify(down.body)).not.toMatch(/127\.0\.0\.1|localhost|http:\/\/|ECONNREFUSED/);

    const health = await fetch(`${hub.gateway.url}/healthz`);
    expect(health.status).toBe(503);
    expect(((await health.json()) as { failing: string[] }).failing).toEqual(['governance']);

    await hub.startSubgraph('governance');
    const up = await graphql('{ orgUnit(code: "320509") { name } }');
    expect(up.body).toEqual({ data: { orgUnit: { name: '吴江区' } } });
  });
});

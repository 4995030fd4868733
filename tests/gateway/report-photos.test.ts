import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GRID_WORKER } from '../subgraphs/reports-support.js';
import { startTestHub, type TestHub } from '../support/hub.js';
import { pngBytes } from '../support/images.js';

// The gateway's /api/photos guards: login, size limit, pass-through of the subgraph's responses, and a subgraph that
// is down.

const LIMIT = 8 * 1024 * 1024;

let testHub: TestHub;

beforeAll(async () => {
  testHub = await startTestHub({ incidentsPerYear: 200, addressesPerCommunity: 1 });
});

afterAll(async () => {
  await testHub?.stop();
});

interface ErrorBody {
  errors: { message: string; extensions: { code: string; reason?: string; serviceName?: string } }[];
}

const photosUrl = () => `${testHub.hub.gateway.url}/api/photos`;

async function post(body: RequestInit['body'], headers: Record<string, string>, extra: RequestInit = {}) {
  return fetch(photosUrl(), { method: 'POST', headers, body, ...extra });
}

async function errorOf(response: Response) {
  const body = (await response.json()) as ErrorBody;
  const error = body.errors[0];
  if (!error) throw new Error(`Expected an error, got ${JSON.stringify(body)}`);
  return error;
}

/** Count of photos stored so far, to prove a rejected upload stored nothing. */
async function photoCount(): Promise<number> {
  const { rows } = await testHub.hub.database.query<{ count: number }>(
    'SELECT count(*)::int AS count FROM governance.report_photos',
  );
  return rows[0]?.count ?? -1;
}

describe('/api/photos', () => {
  it('rejects requests without a token', async () => {
    const upload = await post(pngBytes(), { 'content-type': 'image/png' });
    expect(upload.status).toBe(401);
    expect((await errorOf(upload)).extensions.code).toBe('UNAUTHENTICATED');

    const download = await fetch(`${photosUrl()}/${crypto.randomUUID()}`);
    expect(download.status).toBe(401);
  });

  it('rejects a declared length over 8 MiB', async () => {
    const before = await photoCount();
    const headers = { 'content-type': 'image/png', ...(await testHub.auth(GRID_WORKER)) };
    const response = await post(Buffer.alloc(LIMIT + 1), headers);
    expect(response.status).toBe(413);
    const error = await errorOf(response);
    expect(error.extensions.code).toBe('BAD_USER_INPUT');
    expect(error.extensions.reason).toBe('PHOTO_TOO_LARGE');
    expect(error.message).toContain('8 MiB');
    expect(await photoCount()).toBe(before);
  });

  it('stops reading a streamed body at 8 MiB', async () => {
    const chunk = new Uint8Array(1024 * 1024);
    let sent = 0;
    // 12 MiB without Content-Length: the gateway must respond 413 once the limit is passed.
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= 12) return controller.close();
        sent += 1;
        controller.enqueue(chunk);
      },
    });
    const headers = { 'content-type': 'image/png', ...(await testHub.auth(GRID_WORKER)) };
    const response = await post(stream, headers, { duplex: 'half' } as RequestInit);
    expect(response.status).toBe(413);
    expect((await errorOf(response)).extensions.reason).toBe('PHOTO_TOO_LARGE');
  });

  it("passes the subgraph's rejection through", async () => {
    const headers = { 'content-type': 'image/jpeg', ...(await testHub.auth(GRID_WORKER)) };
    const response = await post(pngBytes(), headers);
    expect(response.status).toBe(415);
    const error = await errorOf(response);
    expect(error.extensions.reason).toBe('CONTENT_TYPE_MISMATCH');
    expect(error.message).toContain('image/png');
  });

  it('returns 404 for unknown photo', async () => {
    const response = await fetch(`${photosUrl()}/${crypto.randomUUID()}`, { headers: await testHub.auth(GRID_WORKER) });
    expect(response.status).toBe(404);
    expect((await errorOf(response)).extensions.code).toBe('NOT_FOUND');
  });

  it('returns 503 while subgraph down', async () => {
    await testHub.hub.stopSubgraph('governance');
    try {
      const headers = { 'content-type': 'image/png', ...(await testHub.auth(GRID_WORKER)) };
      const response = await post(pngBytes(), headers);
      expect(response.status).toBe(503);
      const error = await errorOf(response);
      expect(error.extensions).toEqual({ code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'governance' });
      expect(error.message).not.toMatch(/127\.0\.0\.1|ECONNREFUSED/);
    } finally {
      await testHub.hub.startSubgraph('governance');
    }
    const headers = { 'content-type': 'image/png', ...(await testHub.auth(GRID_WORKER)) };
    expect((await post(pngBytes(), headers)).status).toBe(201);
  });
});

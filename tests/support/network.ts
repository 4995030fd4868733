/** Helpers for tests that start servers as separate processes on loopback. */
import { createServer } from 'node:net';

/** Returns a loopback port that was free a moment ago, for a child process that must be told its port. */
export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address() as { port: number };
      server.close(() => resolve(address.port));
    });
  });
}

/** Polls `url` every 100 ms until it returns HTTP 200; throws with `what` in the message after `timeoutMs`. */
export async function waitForOk(url: string, what: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const status = (await fetch(url).catch(() => undefined))?.status;
    if (status === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${what} did not return 200 from ${url} within ${timeoutMs / 1000} s`);
}

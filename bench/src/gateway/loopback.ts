const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * Rejects a URL whose host is not a loopback address, because the bench sends traffic only to this machine.
 *
 * @throws on an invalid URL or another host.
 */
export function assertLoopback(url: string): void {
  const { hostname } = new URL(url);
  if (!LOOPBACK_HOSTS.has(hostname)) {
    throw new Error(`Invalid target ${url}: the bench sends requests only to a loopback address.`);
  }
}

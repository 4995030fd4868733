import { endSession, loadSession } from './session.js';

/**
 * Sends a request to the hub with the session's `Authorization: Bearer` header. A 401 response means the gateway
 * no longer accepts the token (expired, or signed by a key that has changed), so the session ends and the app
 * returns to the login screen. The response is still returned, so the caller shows its own error meanwhile.
 */
export async function authorizedFetch(input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  const session = loadSession();
  if (session) headers.set('authorization', `Bearer ${session.token}`);
  const response = await fetch(input, { ...init, headers });
  if (response.status === 401) endSession('expired');
  return response;
}

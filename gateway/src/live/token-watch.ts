import { GraphQLError } from 'graphql';
import type { Logger } from 'pino';
import { type Authenticator, TOKEN_ERROR_MESSAGES } from '../auth/authenticate.js';
import { TOKEN_CHECK_CACHE_SECONDS } from '../auth/token-checks.js';
import { TokenError, type TokenErrorReason } from '../auth/tokens.js';
import { LiveStreamEnd, type LiveSubscription } from './subscription.js';

/**
 * Default time between two checks of an open stream's token. A logout through the same gateway ends its streams
 * within this time. A revocation through another gateway, a disabled account or a password change can take up to
 * twice as long, because `LocalTokenChecks` caches each token's state for `TOKEN_CHECK_CACHE_SECONDS`.
 */
export const DEFAULT_TOKEN_CHECK_INTERVAL_MS = TOKEN_CHECK_CACHE_SECONDS * 1000;

/** Maximum delay of `setTimeout` (about 24.8 days); Node.js fires a longer one at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export interface StreamTokenWatchOptions {
  authenticator: Authenticator;
  /** The stream request's `Authorization` header, checked again at each interval. */
  authorization: string | undefined;
  /** Expiry of a local token; an OIDC token's expiry is found by the periodic check. */
  expiresAt: Date | undefined;
  intervalMs: number;
  /** User of the stream, for the log. */
  sub: string;
  logger: Logger;
}

/**
 * Checks the bearer token of one open stream again every `intervalMs`, and at the expiry of a local token. When the
 * token was revoked, has expired or its account was disabled, it ends the stream's subscriptions: each sends a final
 * result with an UNAUTHENTICATED error, and graphql-sse then sends `complete` and closes the response.
 */
export class StreamTokenWatch {
  readonly #subscriptions = new Set<LiveSubscription>();
  readonly #interval: NodeJS.Timeout;
  readonly #expiry: NodeJS.Timeout | undefined;
  #checking = false;
  #final: LiveStreamEnd | undefined;

  constructor(private readonly options: StreamTokenWatchOptions) {
    this.#interval = setInterval(() => void this.#check(), options.intervalMs);
    this.#interval.unref();
    if (options.expiresAt) {
      const delay = Math.min(MAX_TIMER_MS, Math.max(0, options.expiresAt.getTime() - Date.now()));
      this.#expiry = setTimeout(() => this.#end('TOKEN_EXPIRED', 'token expired'), delay);
      this.#expiry.unref();
    }
  }

  /** Ends `subscription` with the stream when the token stops being valid; at once if it already has. */
  attach(subscription: LiveSubscription): void {
    if (this.#final) {
      subscription.endWith(this.#final);
      return;
    }
    this.#subscriptions.add(subscription);
  }

  /** Stops the checks; called when the response closes. */
  stop(): void {
    clearInterval(this.#interval);
    clearTimeout(this.#expiry);
    this.#subscriptions.clear();
  }

  async #check(): Promise<void> {
    if (this.#checking || this.#final) return;
    this.#checking = true;
    try {
      await this.options.authenticator.authenticate(this.options.authorization);
    } catch (error) {
      if (error instanceof TokenError) {
        this.#end(error.reason, error.message);
      } else {
        // The stream stays open until a check succeeds or fails with a token error. While the database cannot be
        // read, no change reaches the gateway either, so nothing is delivered on an unchecked token meanwhile.
        this.options.logger.warn({ err: error, sub: this.options.sub }, 'live stream token check failed; retrying');
      }
    } finally {
      this.#checking = false;
    }
  }

  #end(reason: TokenErrorReason, detail: string): void {
    if (this.#final) return;
    this.#final = new LiveStreamEnd(
      new GraphQLError(`实时推送已中断：${TOKEN_ERROR_MESSAGES[reason]}`, {
        extensions: { code: 'UNAUTHENTICATED', reason },
      }),
    );
    this.options.logger.info({ sub: this.options.sub, reason, detail }, 'live stream ended: token no longer valid');
    for (const subscription of this.#subscriptions) subscription.endWith(this.#final);
    this.stop();
  }
}

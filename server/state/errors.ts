/**
 * Shared state (Redis) did not answer in time. Raised where skipping the store would open a hole
 * (SAML replay and InResponseTo protection, the IdP under test): the request is refused with a
 * 503 that names Redis, never served without the protection. Caches never raise it; they miss.
 */
export class StateUnavailableError extends Error {
  readonly code = 'SHARED_STATE_UNAVAILABLE';
  readonly status = 503;
  constructor(what: string, options?: { cause?: unknown }) {
    super(
      `Redis, where this service keeps ${what} shared by all its replicas, does not answer. The request is refused rather than served without it; the service reconnects by itself. Check the Redis server and REDIS_URL.`,
      options,
    );
    this.name = 'StateUnavailableError';
  }
}

import * as client from 'openid-client';
import { isLoopbackHttpUrl } from './auth-config.js';
import type { Secret } from './secrets.js';

export type CustomFetch = client.CustomFetch;

export interface DiscoveryOptions {
  readonly issuer: string;
  readonly clientId: string;
  /** Absent for JWT validation, which only reads the issuer's metadata and keys. */
  readonly clientSecret?: Secret;
  readonly fetch?: CustomFetch;
  readonly timeoutSeconds?: number;
}

/**
 * The issuer's metadata, discovered on first use (OpenID Connect Discovery 1.0 §4) and kept; a
 * failed discovery is forgotten so the next request retries, and the service starts even while
 * Okta is unreachable.
 *
 * openid-client refuses plain-http issuers. The tests run oidc-provider on a loopback http port,
 * so `allowInsecureRequests` is applied for a loopback http issuer and nothing else (the config
 * schema already rejects other http issuers).
 */
export function createDiscovery(opts: DiscoveryOptions): () => Promise<client.Configuration> {
  let pending: Promise<client.Configuration> | undefined;
  return () => {
    pending ??= client
      .discovery(
        new URL(opts.issuer),
        opts.clientId,
        undefined,
        opts.clientSecret ? client.ClientSecretBasic(opts.clientSecret.reveal()) : client.None(),
        {
          ...(opts.fetch && { [client.customFetch]: opts.fetch }),
          ...(isLoopbackHttpUrl(opts.issuer) && { execute: [client.allowInsecureRequests] }),
          timeout: opts.timeoutSeconds ?? 10,
        },
      )
      .catch((err: unknown) => {
        pending = undefined;
        throw err;
      });
    return pending;
  };
}

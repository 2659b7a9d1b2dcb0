import { createHash } from 'node:crypto';

/** A Rally credential as it passes through from the caller; never stored beyond a request. */
export type RallyCredential =
  | { readonly kind: 'apiKey'; readonly apiKey: string }
  | { readonly kind: 'basic'; readonly username: string; readonly password: string };

/**
 * A stable, one-way identifier of a credential: the key for per-credential caches, concurrency
 * queues and read-ahead pages. It is a SHA-256 over the secret, so it is safe to keep in memory
 * but is still never logged.
 */
export function credentialId(cred: RallyCredential): string {
  const material = cred.kind === 'apiKey' ? `k\0${cred.apiKey}` : `b\0${cred.username}\0${cred.password}`;
  return createHash('sha256').update(material).digest('base64url');
}

/** What a log line may say about a credential. */
export function describeCredential(cred: RallyCredential): string {
  return cred.kind === 'apiKey' ? 'API key' : `username/password for ${cred.username}`;
}

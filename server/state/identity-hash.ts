import { createHmac, randomBytes } from 'node:crypto';

/**
 * The keyed hash of presented secrets (API keys, tokens) and of credentials in metric labels:
 * HMAC-SHA256, truncated. With REDIS_URL the key derives from SESSION_SECRET, which every replica
 * shares, so the failed-auth counters of one identity agree across replicas; without a shared
 * secret each process draws its own key. A hash without its key cannot be tested against guesses.
 */
export function createIdentityHash(secret: string | undefined): (value: string) => string {
  const key =
    secret === undefined
      ? randomBytes(32)
      : createHmac('sha256', secret).update('rally-okta-connector identity hash').digest();
  return (value) => createHmac('sha256', key).update(value).digest('base64url').slice(0, 22);
}

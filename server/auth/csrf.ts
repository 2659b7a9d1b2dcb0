import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';

/**
 * Synchronizer tokens (OWASP CSRF Prevention Cheat Sheet): one random token per console session,
 * put in every state-changing form as `_csrf` (or sent as `X-CSRF-Token` by scripts) and
 * compared in constant time. SameSite=Lax already keeps the cookie off cross-site POSTs; the
 * token also covers same-site attackers (another app on a sibling subdomain).
 */
export const CSRF_FIELD = '_csrf';

export function newCsrfToken(): string {
  return randomBytes(32).toString('base64url');
}

export function submittedCsrfToken(req: Request): string | undefined {
  const header = req.headers['x-csrf-token'];
  if (typeof header === 'string' && header !== '') return header;
  const field = (req.body as Record<string, unknown> | undefined)?.[CSRF_FIELD];
  return typeof field === 'string' && field !== '' ? field : undefined;
}

export function csrfTokensMatch(expected: string, given: string | undefined): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

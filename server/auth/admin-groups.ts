/**
 * OIDC_ADMIN_GROUPS against the `groups` claim Okta adds to the ID token (a Groups claim on the
 * app or authorization server, docs/auth.md). Names compare exactly, as Okta sends them.
 */
export type GroupCheck =
  { readonly ok: true } | { readonly ok: false; readonly reason: 'no-claim' | 'not-member' };

export function checkAdminGroups(claim: unknown, allowed: readonly string[]): GroupCheck {
  if (allowed.length === 0) return { ok: true };
  const groups = typeof claim === 'string' ? [claim] : claim;
  if (!Array.isArray(groups)) return { ok: false, reason: 'no-claim' };
  return groups.some((g) => typeof g === 'string' && allowed.includes(g))
    ? { ok: true }
    : { ok: false, reason: 'not-member' };
}

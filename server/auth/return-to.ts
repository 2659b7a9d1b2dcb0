/**
 * Where to go after sign-in. Only a path on this service is accepted (no scheme, no `//host`, no
 * backslash tricks browsers normalise into `//`): anything else would make /auth/login an open
 * redirect. The sign-in routes themselves are not a destination either.
 */
export function safeReturnTo(raw: unknown, fallback = '/saml'): string {
  if (typeof raw !== 'string' || raw.length > 1024 || !raw.startsWith('/')) return fallback;
  if (raw.includes('\\') || [...raw].some((c) => c <= ' ' || c === '\u007f') || raw.startsWith('//'))
    return fallback;
  const base = 'http://return-to.invalid';
  const url = new URL(raw, base);
  // Checked again after URL normalisation: dot segments turn '/.//evil.example' into '//evil.example'.
  if (url.origin !== base || url.pathname.startsWith('//')) return fallback;
  if (url.pathname === '/auth' || url.pathname.startsWith('/auth/')) return fallback;
  return `${url.pathname}${url.search}`;
}

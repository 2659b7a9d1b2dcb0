/** Namespace and identifier URIs from SAML 2.0 core, bindings and XML-DSig, in one place. */
export const NS = {
  protocol: 'urn:oasis:names:tc:SAML:2.0:protocol',
  assertion: 'urn:oasis:names:tc:SAML:2.0:assertion',
  metadata: 'urn:oasis:names:tc:SAML:2.0:metadata',
  dsig: 'http://www.w3.org/2000/09/xmldsig#',
  xenc: 'http://www.w3.org/2001/04/xmlenc#',
} as const;

export const NAMEID_FORMAT = {
  email: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
  unspecified: 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified',
} as const;

export const BINDING = {
  redirect: 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect',
  post: 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST',
} as const;

export const STATUS_SUCCESS = 'urn:oasis:names:tc:SAML:2.0:status:Success';
export const CM_BEARER = 'urn:oasis:names:tc:SAML:2.0:cm:bearer';

/** The attributes Rally's SSO expects besides the NameID (Broadcom KB 219659). */
export const RALLY_ATTRIBUTES = ['firstName', 'lastName', 'email'] as const;

/** Input caps: a real Okta response is 5–20 kB and Okta metadata about 4 kB. */
export const LIMITS = {
  responseBytes: 256 * 1024,
  metadataBytes: 256 * 1024,
  /** Express body limit for the SAML routes: a base64 response at the cap plus form overhead. */
  bodyBytes: 512 * 1024,
} as const;

/** Okta issues NotBefore/NotOnOrAfter five minutes either side of IssueInstant; we allow 2 min of drift. */
export const DEFAULT_CLOCK_SKEW_MS = 120_000;
/**
 * The longest validity window accepted for an assertion (earliest of IssueInstant and NotBefore to
 * the latest NotOnOrAfter). Assertion IDs are remembered this long plus the clock tolerance either
 * side, so any assertion time-window lets through is still remembered while it could be replayed.
 * Okta's window is ten minutes.
 */
export const MAX_ASSERTION_WINDOW_MS = 86_400_000;
/** Okta shows its certificate-expiry warning 60 days ahead; so do we. */
export const CERT_WARN_DAYS = 60;

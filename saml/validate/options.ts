import type { ValidationIdp } from '../metadata/idp-config.js';
import type { ResponseTracker } from '../store.js';

/** Looks a NameID up in Rally; injected so the SAML code knows nothing of the connector. */
export type RallyUserLookup = (
  userName: string,
) => Promise<{ found: false } | { found: true; disabled: boolean; userName: string }>;

/**
 * `rally` checks what Rally's SSO needs (emailAddress NameID that is the username, firstName,
 * lastName and email attributes); `generic` checks SAML itself only and skips those.
 */
export type ValidationProfile = 'rally' | 'generic';

export interface ValidateOptions {
  /** Certificates and entity ID; `metadata` when they came from IdP metadata (`validationIdp`). */
  readonly idp: ValidationIdp;
  readonly sp: { readonly entityId?: string; readonly acsUrl?: string };
  /** The instant time windows and certificate validity are evaluated at (`at`, or now). */
  readonly at: Date;
  /** The real clock: certificate expiry is also reported relative to today when `at` is earlier. */
  readonly now: Date;
  readonly clockSkewMs?: number;
  readonly decryptionKey?: string;
  readonly profile?: ValidationProfile;
  /** Stateless check of InResponseTo against a known request ID. */
  readonly requestId?: string;
  /** Stateful request-ID and replay tracking (the ACS route). */
  readonly tracker?: ResponseTracker;
  readonly rallyLookup?: RallyUserLookup;
}

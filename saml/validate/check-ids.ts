/** Stable check ids, in the order the report shows them (docs/saml.md describes each). */
export const CHECK_IDS = [
  'xml',
  'status',
  'signature',
  'signature-coverage',
  'assertion-count',
  'issuer',
  'destination',
  'recipient',
  'audience',
  'time-window',
  'subject-confirmation',
  'session-lifetime',
  'in-response-to',
  'replay',
  'encrypted-nameid',
  'nameid',
  'nameid-format',
  'certificate-expiry',
  'algorithms',
  'metadata-signature',
  'metadata-algorithms',
  'sso-service',
  'rally-attributes',
  'rally-username',
  'rally-user',
] as const;

export type CheckId = (typeof CHECK_IDS)[number];
export type CheckStatus = 'pass' | 'fail' | 'warn' | 'skip';

export interface CheckResult {
  readonly id: CheckId;
  readonly status: CheckStatus;
  readonly message: string;
  readonly expected?: string;
  readonly actual?: string;
  /** The exact Okta setting to change, for failures and warnings. */
  readonly fix?: string;
}

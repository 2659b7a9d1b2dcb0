import type { CheckResult } from '../validate/check-ids.js';

/** The validation report: what `POST /saml/validate` answers, and what every renderer shows. */
export interface SamlReport {
  /** True iff no check failed. */
  readonly valid: boolean;
  /** Read from the verified assertion only; empty when nothing verified. */
  readonly subject: {
    readonly nameId: string | null;
    readonly nameIdFormat: string | null;
    readonly attributes: Readonly<Record<string, readonly string[]>>;
  };
  readonly checks: readonly CheckResult[];
  readonly evaluatedAt: string;
  /** The response answers no AuthnRequest (an Okta dashboard tile sign-in). */
  readonly idpInitiated: boolean;
}

export function countByStatus(report: SamlReport): Record<CheckResult['status'], number> {
  const counts = { pass: 0, warn: 0, fail: 0, skip: 0 };
  for (const c of report.checks) counts[c.status]++;
  return counts;
}

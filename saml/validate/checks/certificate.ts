import { CERT_WARN_DAYS } from '../../constants.js';
import { daysBetween, type IdpCertificate } from '../../metadata/certificate.js';
import { skip, type Check, type ValidationContext } from '../context.js';
import { FIX } from '../fixes.js';
import type { CheckResult, CheckStatus } from '../check-ids.js';

/**
 * The configured certificate the signatures verified with. Before anything verified, every
 * configured one (a diagnostic only: the report is invalid then). KeyInfo never decides: it is not
 * covered by the signature.
 */
export function signingCertificates(ctx: ValidationContext): readonly IdpCertificate[] {
  return ctx.signature?.ok ? [ctx.signature.certificate] : ctx.opts.idp.certificates;
}

const RANK: Record<CheckStatus, number> = { skip: 0, pass: 1, warn: 2, fail: 3 };

/**
 * Certificate validity at the evaluation time decides pass/warn/fail (warn within 60 days, as Okta
 * does). When `at` lies in the past, expiry relative to today is reported as a warning too.
 */
export const checkCertificateExpiry: Check = (ctx) => {
  const dated = signingCertificates(ctx).filter((c) => c.notBefore && c.notAfter);
  if (dated.length === 0)
    return skip(
      'certificate-expiry',
      'Not checked: the IdP key was given without a certificate, so it has no dates.',
    );
  const results = dated.map((c) => judgeCertificate(c, ctx.opts.at, ctx.opts.now));
  // Several candidates only when nothing verified; then the best one is reported.
  const best = results.reduce((a, b) => (RANK[b.status] < RANK[a.status] ? b : a));
  return best;
};

function judgeCertificate(cert: IdpCertificate, at: Date, now: Date): CheckResult {
  const notBefore = cert.notBefore!;
  const notAfter = cert.notAfter!;
  const name = `${cert.subject ?? 'certificate'} (SHA-256 ${cert.sha256Fingerprint?.slice(0, 23)}…)`;
  const actual = `valid ${notBefore.toISOString()} to ${notAfter.toISOString()}`;
  const base = { id: 'certificate-expiry' as const, actual, fix: FIX.certificate };
  if (at < notBefore) {
    return {
      ...base,
      status: 'fail',
      message: `The signing certificate ${name} is not valid yet at ${at.toISOString()}.`,
    };
  }
  const daysLeft = daysBetween(at, notAfter);
  if (at >= notAfter) {
    return {
      ...base,
      status: 'fail',
      message: `The signing certificate ${name} expired on ${notAfter.toISOString().slice(0, 10)}.`,
    };
  }
  if (daysLeft < CERT_WARN_DAYS) {
    return {
      ...base,
      status: 'warn',
      message: `The signing certificate ${name} expires in ${daysLeft} days (${notAfter.toISOString().slice(0, 10)}).`,
    };
  }
  const daysFromToday = daysBetween(now, notAfter);
  if (now.getTime() - at.getTime() > 60_000 && daysFromToday < CERT_WARN_DAYS) {
    const when =
      daysFromToday < 0
        ? `expired ${-daysFromToday} days before today`
        : `expires in ${daysFromToday} days from today`;
    return {
      ...base,
      status: 'warn',
      message: `The signing certificate ${name} was valid at ${at.toISOString()}, but ${when} (${notAfter.toISOString().slice(0, 10)}).`,
    };
  }
  return {
    id: 'certificate-expiry',
    status: 'pass',
    message: `The signing certificate ${name} is valid for ${daysLeft} more days.`,
    actual,
  };
}

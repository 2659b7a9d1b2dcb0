import { MAX_ASSERTION_WINDOW_MS, NS } from '../../constants.js';
import { attr, childElements } from '../../xml/dom.js';
import {
  assertionUnavailable,
  bearerConfirmationData,
  judge,
  skip,
  untrustedReason,
  type Check,
} from '../context.js';
import { formatDuration, parseInstant } from '../datetime.js';
import { FIX } from '../fixes.js';

/**
 * Every time bound in the assertion (Conditions, the bearer SubjectConfirmationData, IssueInstant),
 * evaluated against the injected `at` with the configured tolerance. Conditions must carry both
 * NotBefore and NotOnOrAfter: Okta always sends them, and an unbounded assertion is replayable.
 */
export const checkTimeWindow: Check = (ctx) => {
  const unavailable = assertionUnavailable(ctx);
  if (unavailable) return skip('time-window', unavailable);
  const { at, clockSkewMs: skew } = ctx.opts;
  const problems: string[] = [];
  const read = (
    name: string,
    el: Element | undefined,
    attribute: string,
    required: boolean,
  ): Date | undefined => {
    const value = attr(el, attribute);
    if (value === undefined) {
      if (required) problems.push(`${name} is missing.`);
      return undefined;
    }
    const parsed = parseInstant(name, value);
    if (!parsed.ok) problems.push(parsed.reason);
    return parsed.ok ? parsed.date : undefined;
  };
  const allConditions = ctx.assertion ? childElements(ctx.assertion, NS.assertion, 'Conditions') : [];
  const conditions = allConditions[0];
  if (!conditions) problems.push('The assertion has no Conditions, so it has no validity window.');
  if (allConditions.length > 1)
    problems.push(`The assertion has ${allConditions.length} Conditions elements; SAML allows one.`);
  const issued = read('Assertion IssueInstant', ctx.assertion, 'IssueInstant', true);
  const notBefore = read('Conditions NotBefore', conditions, 'NotBefore', !!conditions);
  const notOnOrAfter = read('Conditions NotOnOrAfter', conditions, 'NotOnOrAfter', !!conditions);
  const scd = bearerConfirmationData(ctx.assertion, ctx.opts.sp.acsUrl);
  const scdNotBefore = read('SubjectConfirmationData NotBefore', scd, 'NotBefore', false);
  const scdNotOnOrAfter = read('SubjectConfirmationData NotOnOrAfter', scd, 'NotOnOrAfter', false);

  const t = at.getTime();
  const early = (name: string, d?: Date) => {
    if (d && t < d.getTime() - skew)
      problems.push(
        `Not yet valid: ${name} is ${d.toISOString()}, ${formatDuration(d.getTime() - t)} after the evaluation time.`,
      );
  };
  const late = (name: string, d?: Date) => {
    if (d && t >= d.getTime() + skew)
      problems.push(
        `Expired: ${name} was ${d.toISOString()}, ${formatDuration(t - d.getTime())} before the evaluation time.`,
      );
  };
  early('Conditions NotBefore', notBefore);
  late('Conditions NotOnOrAfter', notOnOrAfter);
  early('SubjectConfirmationData NotBefore', scdNotBefore);
  late('SubjectConfirmationData NotOnOrAfter', scdNotOnOrAfter);
  if (issued && t < issued.getTime() - skew)
    problems.push(`The assertion was issued ${formatDuration(issued.getTime() - t)} in the future.`);

  // Replays are refused by remembering assertion IDs, for MAX_ASSERTION_WINDOW_MS (plus the
  // tolerance): a longer window would let an assertion come back after its ID was forgotten.
  const starts = [issued, notBefore].flatMap((d) => (d ? [d.getTime()] : []));
  const ends = [notOnOrAfter, scdNotOnOrAfter].flatMap((d) => (d ? [d.getTime()] : []));
  const span = starts.length && ends.length ? Math.max(...ends) - Math.min(...starts) : 0;
  const tooLong = span > MAX_ASSERTION_WINDOW_MS;
  if (tooLong)
    problems.push(
      `The assertion is valid for ${formatDuration(span)} (${new Date(Math.min(...starts)).toISOString()} to ${new Date(Math.max(...ends)).toISOString()}), longer than the ${formatDuration(MAX_ASSERTION_WINDOW_MS)} this helper remembers an assertion ID to refuse its replay.`,
    );

  const skewText = issued ? describeSkew(t - issued.getTime()) : 'IssueInstant unknown';
  const window = `${notBefore?.toISOString() ?? '?'} to ${notOnOrAfter?.toISOString() ?? '?'}`;
  return judge('time-window', ctx.assertionTrusted, untrustedReason(ctx, 'assertion'), {
    ok: problems.length === 0,
    pass: `Valid from ${window}; evaluated at ${at.toISOString()}, ${skewText}; tolerance ±${formatDuration(skew)}.`,
    fail: `${problems.join(' ')} Evaluated at ${at.toISOString()}, ${skewText}.`,
    expected: `NotBefore ≤ evaluation time < NotOnOrAfter, ±${formatDuration(skew)}; a window of at most ${formatDuration(MAX_ASSERTION_WINDOW_MS)}`,
    actual: `window ${window}; evaluated at ${at.toISOString()}; ${skewText}`,
    fix: tooLong
      ? problems.length > 1
        ? `${FIX.validityWindow} ${FIX.time}`
        : FIX.validityWindow
      : FIX.time,
  });
};

/** The measured skew: how long after the IdP's IssueInstant we evaluated the assertion. */
function describeSkew(ms: number): string {
  if (ms >= 0) return `measured skew +${formatDuration(ms)} (evaluated after IssueInstant)`;
  return `measured skew −${formatDuration(ms)}: the IdP's clock is about ${formatDuration(ms)} ahead of this one`;
}

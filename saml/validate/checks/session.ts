import { NS } from '../../constants.js';
import { attr, childElements } from '../../xml/dom.js';
import { assertionUnavailable, judge, skip, untrustedReason, type Check } from '../context.js';
import { formatDuration, parseInstant } from '../datetime.js';

/** A session the IdP ends sooner than this makes users sign in again and again. */
export const SHORT_SESSION_MS = 15 * 60_000;

const SESSION_FIX =
  'Okta sends no SessionNotOnOrAfter unless the app or an inline hook sets one: remove it, or let it run for at least the length of a working session (Okta: the app’s sign-on policy “Re-authentication frequency”).';

/**
 * AuthnStatement/@SessionNotOnOrAfter (SAML core §2.7.2): how long the SP may keep the session.
 * Reported when present; a value in the past (at `at`, with the tolerance) or shorter than
 * SHORT_SESSION_MS after `at` is a warning, as Rally would end the session at once or very soon.
 */
export const checkSessionLifetime: Check = (ctx) => {
  const unavailable = assertionUnavailable(ctx);
  if (unavailable) return skip('session-lifetime', unavailable);
  const statements = ctx.assertion ? childElements(ctx.assertion, NS.assertion, 'AuthnStatement') : [];
  const values = statements.flatMap((s) => attr(s, 'SessionNotOnOrAfter') ?? []);
  const why = untrustedReason(ctx, 'assertion');
  if (!ctx.assertionTrusted && values.length === 0) return skip('session-lifetime', `Not confirmed: ${why}.`);
  if (values.length === 0)
    return {
      id: 'session-lifetime',
      status: 'pass',
      message:
        'No SessionNotOnOrAfter: the IdP sets no end to the session, so Rally’s own session length applies.',
    };
  const parsed = values.map((v) => parseInstant('SessionNotOnOrAfter', v));
  const bad = parsed.find((p) => !p.ok);
  if (bad && !bad.ok)
    return judge('session-lifetime', ctx.assertionTrusted, why, {
      ok: false,
      pass: '',
      fail: bad.reason,
      actual: values.join(', '),
    });
  const end = Math.min(...parsed.map((p) => (p.ok ? p.date.getTime() : Infinity)));
  const left = end - ctx.opts.at.getTime();
  const actual = new Date(end).toISOString();
  if (!ctx.assertionTrusted)
    return skip('session-lifetime', `Not confirmed: ${why} (SessionNotOnOrAfter ${actual}).`);
  if (left + ctx.opts.clockSkewMs <= 0)
    return {
      id: 'session-lifetime',
      status: 'warn',
      message: `SessionNotOnOrAfter (${actual}) was ${formatDuration(left)} before the response was checked: the session ends as soon as it starts.`,
      actual,
      fix: SESSION_FIX,
    };
  if (left < SHORT_SESSION_MS)
    return {
      id: 'session-lifetime',
      status: 'warn',
      message: `SessionNotOnOrAfter (${actual}) ends the session ${formatDuration(left)} after sign-in, which is very short.`,
      expected: `at least ${formatDuration(SHORT_SESSION_MS)}`,
      actual,
      fix: SESSION_FIX,
    };
  return {
    id: 'session-lifetime',
    status: 'pass',
    message: `The IdP ends the session at ${actual}, ${formatDuration(left)} after sign-in.`,
    actual,
  };
};

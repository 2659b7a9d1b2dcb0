import { RALLY_ATTRIBUTES } from '../../constants.js';
import { text } from '../../xml/dom.js';
import { assertionUnavailable, judge, nameIdOf, skip, untrustedReason, type Check } from '../context.js';
import { FIX } from '../fixes.js';
import { attributeValues } from '../read-assertion.js';

export const checkRallyAttributes: Check = (ctx) => {
  if (ctx.opts.profile === 'generic') return skip('rally-attributes', 'Not checked: generic profile.');
  const unavailable = assertionUnavailable(ctx);
  if (unavailable) return skip('rally-attributes', unavailable);
  const values = attributeValues(ctx.assertion);
  const missing = RALLY_ATTRIBUTES.filter((name) => !(values[name] ?? []).some((v) => v !== ''));
  const names = Object.keys(values);
  const nearMisses = missing.flatMap((m) =>
    names
      .filter((n) => n !== m && n.toLowerCase() === m.toLowerCase())
      .map((n) => `${n} (names are case-sensitive: use ${m})`),
  );
  return judge('rally-attributes', ctx.assertionTrusted, untrustedReason(ctx, 'assertion'), {
    ok: missing.length === 0,
    pass: `firstName, lastName and email are present: ${RALLY_ATTRIBUTES.map((n) => `${n}=${values[n]?.[0] ?? ''}`).join(', ')}.`,
    fail: `Rally needs ${missing.join(', ')}, missing or blank.${nearMisses.length ? ` Found ${nearMisses.join('; ')}.` : ''}`,
    expected: RALLY_ATTRIBUTES.join(', '),
    actual: names.length ? names.join(', ') : '(no attributes)',
    fix: FIX.attributes,
  });
};

/** Whether the user the NameID names exists and is active in Rally (the provisioning half). */
export const checkRallyUser: Check = (ctx) => {
  if (ctx.opts.profile === 'generic') return skip('rally-user', 'Not checked: generic profile.');
  if (!ctx.opts.rallyLookup) {
    return skip(
      'rally-user',
      'Not checked: ask for it with rally: {check: true} and a Rally credential in the Authorization header (POST /saml/validate).',
    );
  }
  if (!ctx.assertionTrusted) return skip('rally-user', `Not checked: ${untrustedReason(ctx, 'assertion')}.`);
  const nameId = text(nameIdOf(ctx));
  if (!nameId || !ctx.rallyUser)
    return skip('rally-user', assertionUnavailable(ctx) ?? 'Not checked: there is no NameID to look up.');
  const user = ctx.rallyUser;
  if (!user.found) {
    return {
      id: 'rally-user',
      status: 'fail',
      message: `No Rally user has the username ${nameId}: provisioning has not pushed this user.`,
      expected: 'an active Rally user',
      actual: 'not found',
      fix: FIX.rallyUserMissing,
    };
  }
  if (user.disabled) {
    return {
      id: 'rally-user',
      status: 'fail',
      message: `The Rally user ${user.userName} is disabled, so the sign-in will be refused.`,
      expected: 'an active Rally user',
      actual: 'disabled',
      fix: FIX.rallyUserDisabled,
    };
  }
  return {
    id: 'rally-user',
    status: 'pass',
    message: `The Rally user ${user.userName} exists and is active.`,
    actual: 'active',
  };
};

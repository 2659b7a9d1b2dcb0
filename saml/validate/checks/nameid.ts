import { NAMEID_FORMAT, NS } from '../../constants.js';
import { attr, path, text } from '../../xml/dom.js';
import { assertionUnavailable, judge, nameIdOf, skip, untrustedReason, type Check } from '../context.js';
import { FIX } from '../fixes.js';
import { attributeValues } from '../read-assertion.js';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export const checkNameId: Check = (ctx) => {
  const unavailable = assertionUnavailable(ctx);
  if (unavailable) return skip('nameid', unavailable);
  const el = nameIdOf(ctx);
  const value = text(el);
  const encrypted = path(ctx.assertion, NS.assertion, 'Subject', 'EncryptedID');
  return judge('nameid', ctx.assertionTrusted, untrustedReason(ctx, 'assertion'), {
    ok: !!value,
    pass: `The NameID is ${value}.`,
    fail: encrypted
      ? 'The NameID is encrypted (EncryptedID) and could not be read (see encrypted-nameid).'
      : el
        ? 'The NameID is empty.'
        : 'The assertion has no NameID.',
    actual: value || '(none)',
    fix: FIX.nameId,
  });
};

export const checkNameIdFormat: Check = (ctx) => {
  const unavailable = assertionUnavailable(ctx);
  if (unavailable) return skip('nameid-format', unavailable);
  const el = nameIdOf(ctx);
  if (!el) return skip('nameid-format', 'Not checked: there is no NameID.');
  const format = attr(el, 'Format') ?? `${NAMEID_FORMAT.unspecified} (no Format attribute)`;
  if (ctx.opts.profile === 'generic')
    return skip('nameid-format', `Any format is accepted by the generic profile; received ${format}.`);
  return judge('nameid-format', ctx.assertionTrusted, untrustedReason(ctx, 'assertion'), {
    ok: format === NAMEID_FORMAT.email,
    pass: 'The NameID format is emailAddress, as Rally requests.',
    fail: `The NameID format is ${format.replace(/^urn:oasis:names:tc:SAML:\d\.\d:nameid-format:/, '')}; Rally needs emailAddress.`,
    expected: NAMEID_FORMAT.email,
    actual: format,
    fix: FIX.nameIdFormat,
  });
};

/** Rally matches the NameID to its UserName, which is an email address (KB 219659). */
export const checkRallyUsername: Check = (ctx) => {
  if (ctx.opts.profile === 'generic') return skip('rally-username', 'Not checked: generic profile.');
  const unavailable = assertionUnavailable(ctx);
  if (unavailable) return skip('rally-username', unavailable);
  const nameId = text(nameIdOf(ctx));
  if (!nameId) return skip('rally-username', 'Not checked: there is no NameID.');
  const result = judge('rally-username', ctx.assertionTrusted, untrustedReason(ctx, 'assertion'), {
    ok: EMAIL.test(nameId),
    pass: `The NameID ${nameId} has the form of a Rally username (an email address).`,
    fail: `The NameID ${nameId} is not an email address, so it cannot be a Rally username.`,
    expected: 'an email address (the Rally username)',
    actual: nameId,
    fix: FIX.rallyUsername,
  });
  const email = attributeValues(ctx.assertion)['email']?.[0];
  if (result.status === 'pass' && email && email.toLowerCase() !== nameId.toLowerCase()) {
    return {
      ...result,
      status: 'warn',
      message: `The NameID ${nameId} differs from the email attribute ${email}. Rally signs in the user whose username is the NameID; make sure that is intended.`,
      fix: FIX.rallyUsername,
    };
  }
  return result;
};

import { NS } from '../../constants.js';
import { path, text } from '../../xml/dom.js';
import { assertionUnavailable, judge, skip, untrustedReason, type Check } from '../context.js';
import { FIX } from '../fixes.js';

/** SAML core §2.3.3: the assertion's Issuer is required and must be the IdP's entity ID. */
export const checkIssuer: Check = (ctx) => {
  const unavailable = assertionUnavailable(ctx);
  if (unavailable) return skip('issuer', unavailable);
  const expected = ctx.opts.idp.entityId;
  const issuer = text(path(ctx.assertion, NS.assertion, 'Issuer'));
  const why = untrustedReason(ctx, 'assertion');
  if (!issuer) {
    return judge('issuer', ctx.assertionTrusted, why, {
      ok: false,
      pass: '',
      fail: 'The assertion has no Issuer (SAML core requires one).',
      ...(expected && { expected, fix: FIX.issuer(expected) }),
    });
  }
  if (!expected) {
    return skip(
      'issuer',
      `Not compared: only a certificate was given, so the IdP entity ID is unknown. The assertion's Issuer is ${issuer}.`,
    );
  }
  const assertionResult = judge('issuer', ctx.assertionTrusted, why, {
    ok: issuer === expected,
    pass: `The assertion was issued by ${expected}.`,
    fail: `The assertion was issued by ${issuer}, not by the IdP in the metadata (${expected}).`,
    expected,
    actual: issuer,
    fix: FIX.issuer(expected),
  });
  // The Response's own Issuer is optional, but when present it must agree.
  const responseIssuer = text(path(ctx.response, NS.assertion, 'Issuer'));
  if (assertionResult.status === 'fail' || responseIssuer === undefined || responseIssuer === expected)
    return assertionResult;
  return judge('issuer', ctx.responseTrusted, untrustedReason(ctx, 'response'), {
    ok: false,
    pass: '',
    fail: `The Response was issued by ${responseIssuer}, not by ${expected}.`,
    expected,
    actual: responseIssuer,
    fix: FIX.issuer(expected),
  });
};

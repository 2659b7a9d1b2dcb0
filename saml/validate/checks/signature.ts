import { NS } from '../../constants.js';
import { attr, childElements, descendants } from '../../xml/dom.js';
import type { CheckResult } from '../check-ids.js';
import { skip, type Check, type ValidationContext } from '../context.js';
import { FIX } from '../fixes.js';

export const checkSignature: Check = (ctx) => {
  const sig = ctx.signature;
  if (!ctx.raw) return skip('signature', 'Not checked: the response could not be read.');
  if (!sig) {
    // Nothing was verified, so nothing in the response can be trusted: that is a failure.
    const count = ctx.raw.assertionCount;
    return {
      id: 'signature',
      status: 'fail',
      message: `Not verified: signatures are only checked on a response with exactly one SAML assertion, and this one has ${
        count === 1 ? 'none in the SAML namespace' : count
      } (see assertion-count). Nothing in it can be trusted.`,
      actual: signedParts(ctx),
      fix: FIX.assertionCount,
    };
  }
  if (!sig.ok) {
    return {
      id: 'signature',
      status: 'fail',
      message: sig.error.message,
      actual: signedParts(ctx),
      ...(sig.error.fix && { fix: sig.error.fix }),
    };
  }
  const cert = sig.certificate;
  const configured = ctx.opts.idp.certificates.length;
  const fingerprint = cert.sha256Fingerprint ? ` (SHA-256 ${cert.sha256Fingerprint})` : '';
  const by = `the IdP certificate${fingerprint}${configured > 1 ? `, one of the ${configured} configured` : ''}`;
  const response = ctx.raw.responseSigned;
  const assertion = sig.assertionSignatureChecked;
  const actual = signedParts(ctx);
  // Which parts are signed is advice of its own (signature-coverage): a verified signature passes.
  const message =
    response && assertion
      ? `The Response and the assertion are signed, and both signatures verify with ${by}.`
      : response
        ? `The Response signature verifies with ${by} and covers the assertion.`
        : `The assertion signature verifies with ${by}.`;
  return { id: 'signature', status: 'pass', message, actual };
};

/** Okta signs both when "Response" and "Assertion Signature" are both Signed; anything less is advice. */
export const checkSignatureCoverage: Check = (ctx) => {
  const sig = ctx.signature;
  if (!ctx.raw) return skip('signature-coverage', 'Not checked: the response could not be read.');
  if (!sig?.ok) return skip('signature-coverage', 'Not checked: no signature verified (see signature).');
  const actual = signedParts(ctx);
  const response = ctx.raw.responseSigned;
  if (response && sig.assertionSignatureChecked)
    return {
      id: 'signature-coverage',
      status: 'pass',
      message:
        'Both the Response and the assertion are signed, as Okta signs them when both are set to Signed.',
      actual,
    };
  if (response)
    return {
      id: 'signature-coverage',
      status: 'warn',
      message:
        "Only the Response is signed: its signature covers the assertion, but Rally's SP metadata asks for signed assertions. Okta signs both when “Assertion Signature” and “Response” are both set to Signed.",
      expected: 'Response signed, Assertion signed',
      actual,
      fix: FIX.assertionSigned,
    };
  return {
    id: 'signature-coverage',
    status: 'warn',
    message:
      'Only the assertion is signed, so the Response’s Status, Destination and InResponseTo are not covered by a signature. Okta signs both when “Assertion Signature” and “Response” are both set to Signed.',
    expected: 'Response signed, Assertion signed',
    actual,
    fix: FIX.responseSigned,
  };
};

function signedParts(ctx: ValidationContext): string {
  const raw = ctx.raw!;
  const assertion = raw.encrypted
    ? 'EncryptedAssertion'
    : raw.assertionSigned
      ? 'Assertion signed'
      : 'Assertion unsigned';
  return `Response ${raw.responseSigned ? 'signed' : 'unsigned'}, ${assertion}`;
}

const SHA1 = /#(rsa-)?sha1$/;

/** Flags SHA-1 in SignatureMethod and DigestMethod: still accepted, but Okta offers SHA-256. */
export const checkAlgorithms: Check = (ctx): CheckResult => {
  if (!ctx.raw) return skip('algorithms', 'Not checked: the response could not be read.');
  const signatures = ctx.signature?.ok
    ? ctx.signature.signatures
    : [ctx.raw.root, ctx.raw.assertions[0]].flatMap((el) =>
        el ? childElements(el, NS.dsig, 'Signature') : [],
      );
  if (signatures.length === 0) return skip('algorithms', 'Not checked: the response carries no signature.');
  const used = new Set<string>();
  for (const s of signatures) {
    const info = childElements(s, NS.dsig, 'SignedInfo')[0];
    if (!info) continue;
    for (const m of childElements(info, NS.dsig, 'SignatureMethod')) used.add(attr(m, 'Algorithm') ?? '');
    for (const m of descendants(info, NS.dsig, 'DigestMethod')) used.add(attr(m, 'Algorithm') ?? '');
  }
  const algorithms = [...used].filter(Boolean);
  const actual = algorithms.map((a) => a.replace(/^.*#/, '')).join(', ');
  if (algorithms.some((a) => SHA1.test(a))) {
    return {
      id: 'algorithms',
      status: 'warn',
      message: `The signature uses SHA-1 (${actual}), which is deprecated.`,
      expected: 'rsa-sha256, sha256',
      actual,
      fix: FIX.algorithms,
    };
  }
  if (!ctx.signature?.ok)
    return skip('algorithms', `Not confirmed: the signature did not verify (it names ${actual}).`);
  return { id: 'algorithms', status: 'pass', message: `SHA-256 family algorithms: ${actual}.`, actual };
};

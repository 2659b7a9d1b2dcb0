import { skip, type Check } from '../context.js';
import { FIX } from '../fixes.js';

export const checkXml: Check = (ctx) => {
  if (ctx.inputProblem || !ctx.raw) {
    return {
      id: 'xml',
      status: 'fail',
      message: ctx.inputProblem ?? 'The response could not be read.',
      fix: FIX.input,
    };
  }
  const size = `${Buffer.byteLength(ctx.raw.xml)} bytes`;
  const deflated = ctx.decodeNotes.some((n) => n.includes('DEFLATE'));
  const notes = ctx.decodeNotes.length > 0 ? ` ${ctx.decodeNotes.join(' ')}` : '';
  return {
    id: 'xml',
    status: deflated ? 'warn' : 'pass',
    message: `A well-formed SAML 2.0 Response (${size}): one root element, no DOCTYPE, comments or processing instructions.${notes}`,
    ...(deflated && {
      fix: 'Post the SAMLResponse uncompressed, as the HTTP-POST binding requires (Okta does).',
    }),
  };
};

export const checkAssertionCount: Check = (ctx) => {
  if (!ctx.raw) return skip('assertion-count', 'Not checked: the response could not be read.');
  const plain = ctx.raw.assertions.length;
  const encrypted = ctx.raw.encryptedAssertions.length;
  const count = plain + encrypted;
  const actual = `${plain} Assertion, ${encrypted} EncryptedAssertion`;
  if (count === 1) {
    return {
      id: 'assertion-count',
      status: 'pass',
      message: `Exactly one assertion${encrypted ? ' (encrypted)' : ''}.`,
      actual,
    };
  }
  const message =
    count === 0
      ? 'The Response carries no assertion: the IdP did not sign the user in (see status).'
      : `The Response carries ${count} assertions. A genuine response has exactly one; more is a signature-wrapping attempt.`;
  return {
    id: 'assertion-count',
    status: 'fail',
    message,
    expected: '1 assertion',
    actual,
    fix: FIX.assertionCount,
  };
};

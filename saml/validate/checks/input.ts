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
  const foreign = ctx.raw.foreignAssertions;
  // Counted by local name, as node-saml counts: an Assertion in another namespace still counts.
  const count = ctx.raw.assertionCount;
  const actual = `${plain} Assertion, ${encrypted} EncryptedAssertion${
    foreign.length
      ? `, ${foreign.length} in another namespace (${foreign.map((e) => e.nodeName).join(', ')})`
      : ''
  }`;
  if (count === 1 && foreign.length === 0) {
    return {
      id: 'assertion-count',
      status: 'pass',
      message: `Exactly one assertion${encrypted ? ' (encrypted)' : ''}.`,
      actual,
    };
  }
  const message =
    count === 1
      ? `The Response carries <${foreign[0]!.nodeName}> in namespace ${foreign[0]!.namespaceURI ?? '(none)'} instead of a SAML 2.0 assertion.`
      : count === 0
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

import type { CheckId } from './check-ids.js';

/**
 * Every node-saml error lands on `signature`: signatures are only verified on a response with
 * exactly one assertion (counted by local name, as node-saml counts), so node-saml's own
 * assertion-count and status errors ("multiple assertions", "Missing SAML assertion", "SAML
 * provider returned … error") cannot arise; should they ever, they fail `signature` all the same.
 */
export interface ExplainedError {
  readonly check: Extract<CheckId, 'signature'>;
  readonly message: string;
  readonly fix?: string;
}

const ACTIVE_CERT =
  'Load the metadata of the Okta app whose active signing certificate signs the response: Sign On tab → SAML Signing Certificates → the Active certificate (“View IdP metadata”). Keep “Response” and “Assertion Signature” set to Signed.';

/**
 * node-saml reports problems as plain Error messages; these are the ones it raises while checking
 * signatures and structure (see docs/saml.md), turned into what the admin must hear.
 */
const KNOWN: ReadonlyArray<[RegExp, (m: RegExpExecArray) => ExplainedError]> = [
  [
    /ID cannot refer to more than one element|Referenced node does not refer to it's parent element/,
    () => ({
      check: 'signature',
      message:
        'Signature wrapping: the signature does not cover the element it sits in, or its reference ID appears twice. The response was tampered with.',
    }),
  ],
  [
    /canonicalization algorithm '([^']+)' is not supported/,
    (m) => ({
      check: 'signature',
      message: `Unsupported canonicalization: the signature uses ${m[1]} (Canonical XML 1.1), which node-saml cannot verify. Okta signs with exclusive C14N; this is a known limitation of this helper.`,
      fix: 'Use an IdP that signs with exclusive canonicalization (http://www.w3.org/2001/10/xml-exc-c14n#), as Okta does.',
    }),
  ],
  [
    /too many transforms/,
    () => ({
      check: 'signature',
      message:
        'The signature uses more than two transforms, which SAML never needs; refused as a denial-of-service guard.',
    }),
  ],
  [
    /Too many signatures found/,
    () => ({ check: 'signature', message: 'An element carries more than one signature; refused.' }),
  ],
  [
    /signature reference uri not found/,
    () => ({
      check: 'signature',
      message:
        'The signature’s Reference has an empty URI (whole document); SAML requires URI="#<ID>" (SAML core §5.4.2).',
    }),
  ],
  [
    /^Invalid document signature/,
    () => ({
      check: 'signature',
      message:
        'The Response signature does not verify with the IdP certificate: the response was altered, or another key signed it.',
      fix: ACTIVE_CERT,
    }),
  ],
  [
    /^Invalid signature from encrypted assertion/,
    () => ({
      check: 'signature',
      message: 'The assertion inside EncryptedAssertion is not validly signed by the IdP certificate.',
      fix: ACTIVE_CERT,
    }),
  ],
  [
    /^Invalid signature$/,
    () => ({
      check: 'signature',
      message:
        'No valid signature: the assertion (and the Response) is unsigned, signed by another key, or altered after signing.',
      fix: ACTIVE_CERT,
    }),
  ],
  [
    /No decryption key for encrypted SAML response/,
    () => ({
      check: 'signature',
      message:
        'The assertion is encrypted and no decryption key was given, so its signature cannot be checked.',
      fix: 'Give the SP private key (decryptionKey), or in Okta set “Assertion Encryption” to Unencrypted for this test.',
    }),
  ],
  [
    /Invalid EncryptedAssertion content|decrypt|[Ee]ncrypt|error:[0-9A-F]{8}/,
    () => ({
      check: 'signature',
      message: 'The EncryptedAssertion could not be decrypted with the given key.',
      fix: 'Give the private key whose certificate is uploaded in Okta as the “Encryption Certificate”.',
    }),
  ],
  [
    /not in PEM format or in base64 format/,
    () => ({ check: 'signature', message: 'The IdP certificate is not PEM or base64.', fix: ACTIVE_CERT }),
  ],
];

export function explainNodeSamlError(message: string): ExplainedError {
  for (const [pattern, explain] of KNOWN) {
    const m = pattern.exec(message);
    if (!m) continue;
    const e = explain(m);
    return e.fix ? e : { ...e, fix: ACTIVE_CERT };
  }
  return {
    check: 'signature',
    message: `node-saml rejected the response: ${message.slice(0, 300)}`,
    fix: ACTIVE_CERT,
  };
}

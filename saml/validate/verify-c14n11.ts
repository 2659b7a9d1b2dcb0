import { verifyEnvelopedSignature } from '../xml/verify-enveloped.js';
import type { RawResponse } from './read-response.js';
import { signatureMessage, verifyResponseSignature } from './verify-encrypted.js';

/** node-saml's own xml-crypto instances know no Canonical XML 1.1; this is their refusal. */
export const C14N11_UNSUPPORTED = /canonicalization algorithm '[^']*xml-c14n11[^']*' is not supported/;

export type OwnVerification =
  | { readonly ok: true; readonly verifiedXml: string; readonly assertionXml?: undefined }
  | { readonly ok: false; readonly message: string };

/**
 * Verifies a plain (unencrypted) response whose signatures use Canonical XML 1.1, which node-saml
 * cannot: the same signatures node-saml would be told to want (every one present must verify),
 * with the same structural rules (../xml/verify-enveloped.ts). Answers with node-saml's messages
 * so the report explains failures the same way. Encrypted responses go through
 * ./verify-encrypted.ts, which knows C14N 1.1 as well.
 */
export function verifyC14n11(raw: RawResponse, pem: string): OwnVerification {
  const assertion = raw.assertions[0];
  const response = verifyResponseSignature(raw, pem);
  if (!response.ok) return response;
  let verifiedXml = response.signedXml;
  if (raw.assertionSigned && assertion) {
    const signed = verifyEnvelopedSignature(raw.xml, assertion, [pem]);
    if (!signed.ok) return { ok: false, message: signatureMessage(signed.reason, 'Invalid signature') };
    verifiedXml ??= signed.signedXml;
  }
  return verifiedXml === undefined ? { ok: false, message: 'Invalid signature' } : { ok: true, verifiedXml };
}

import { promisify } from 'node:util';
import xmlenc from 'xml-encryption';
import { parseXml } from '../xml/parse-xml.js';
import { verifyEnvelopedSignature } from '../xml/verify-enveloped.js';
import { hasSignature, type RawResponse } from './read-response.js';

const decrypt = promisify(xmlenc.decrypt).bind(xmlenc) as (
  xml: string,
  options: { key: string },
) => Promise<string>;

export type DecryptedAssertion =
  | { readonly ok: true; readonly xml: string; readonly assertion: Element }
  | { readonly ok: false; readonly message: string };

/**
 * Decrypts the EncryptedAssertion once per validation, whichever certificates are then tried (the
 * key is the SP's, not the IdP's). Messages are node-saml's, so the report explains them alike.
 */
export async function decryptAssertion(
  raw: RawResponse,
  key: string | undefined,
): Promise<DecryptedAssertion> {
  if (key === undefined) return { ok: false, message: 'No decryption key for encrypted SAML response' };
  let xml: string;
  try {
    xml = await decrypt(raw.encryptedAssertions[0]!.toString(), { key });
  } catch (err) {
    return { ok: false, message: `decrypt: ${err instanceof Error ? err.message : String(err)}` };
  }
  // As node-saml reads it: the decrypted octets alone must be one saml:Assertion.
  const parsed = parseXml(xml, { maxBytes: Infinity, what: 'decrypted assertion' });
  if (!parsed.ok || parsed.root.localName !== 'Assertion')
    return { ok: false, message: 'Invalid EncryptedAssertion content' };
  return { ok: true, xml, assertion: parsed.root };
}

export type EncryptedVerification =
  | {
      readonly ok: true;
      readonly verifiedXml: string;
      readonly assertionXml: string;
      readonly innerChecked: boolean;
    }
  | { readonly ok: false; readonly message: string };

/**
 * node-saml's rules for an encrypted assertion, without decrypting again: a signed Response must
 * verify; the decrypted assertion's own signature, when present, must verify; and with an
 * unsigned Response the assertion must be signed inside.
 */
export function verifyEncrypted(
  raw: RawResponse,
  decrypted: Extract<DecryptedAssertion, { ok: true }>,
  pem: string,
): EncryptedVerification {
  const response = verifyResponseSignature(raw, pem);
  if (!response.ok) return response;
  let verifiedXml = response.signedXml;
  const innerSigned = hasSignature(decrypted.assertion);
  if (innerSigned) {
    const inner = verifyEnvelopedSignature(decrypted.xml, decrypted.assertion, [pem]);
    if (!inner.ok)
      return {
        ok: false,
        message: signatureMessage(inner.reason, 'Invalid signature from encrypted assertion'),
      };
    verifiedXml ??= inner.signedXml;
  }
  if (verifiedXml === undefined) return { ok: false, message: 'Invalid signature from encrypted assertion' };
  return { ok: true, verifiedXml, assertionXml: decrypted.xml, innerChecked: innerSigned };
}

/** The Response's own signature, when it has one: every signature present must verify. */
export function verifyResponseSignature(
  raw: RawResponse,
  pem: string,
): { readonly ok: true; readonly signedXml?: string } | { readonly ok: false; readonly message: string } {
  if (!raw.responseSigned) return { ok: true };
  const response = verifyEnvelopedSignature(raw.xml, raw.root, [pem]);
  if (!response.ok)
    return { ok: false, message: signatureMessage(response.reason, 'Invalid document signature') };
  return { ok: true, signedXml: response.signedXml };
}

/** Structural refusals keep node-saml's wording; a signature that does not verify gets its default. */
export function signatureMessage(reason: string, otherwise: string): string {
  if (/more than one element|does not refer to it's parent/.test(reason))
    return `Invalid signature: ${reason}`;
  if (/too many transforms/.test(reason)) return 'Invalid signature, too many transforms';
  if (/more than one signature/.test(reason)) return 'Too many signatures found for this element';
  if (/canonicalization algorithm/.test(reason)) return reason;
  return otherwise;
}

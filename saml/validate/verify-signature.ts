import { SAML, ValidateInResponseTo, type CacheProvider } from '@node-saml/node-saml';
import { NS } from '../constants.js';
import type { IdpCertificate } from '../metadata/certificate.js';
import { childElements, descendants, text } from '../xml/dom.js';
import { parseXml } from '../xml/parse-xml.js';
import { explainNodeSamlError, type ExplainedError } from './node-saml-errors.js';
import type { RawResponse } from './read-response.js';
import { decryptAssertion, verifyEncrypted, type DecryptedAssertion } from './verify-encrypted.js';
import { C14N11_UNSUPPORTED, verifyC14n11 } from './verify-c14n11.js';

export type SignatureOutcome =
  | { readonly ok: false; readonly error: ExplainedError }
  | {
      readonly ok: true;
      /** The Response as its verified signature covered it; undefined when it was not signed. */
      readonly response?: Element;
      /** The assertion node-saml vouches for (decrypted if it was encrypted). */
      readonly assertion: Element;
      readonly assertionSignatureChecked: boolean;
      /** The configured certificate the signatures verified with (never chosen by KeyInfo). */
      readonly certificate: IdpCertificate;
      /** The ds:Signature elements found on the Response and the (decrypted) assertion. */
      readonly signatures: readonly Element[];
    };

/** node-saml keeps InResponseTo state in this cache; we track requests ourselves (saml/store.ts). */
const NO_CACHE: CacheProvider = {
  saveAsync: async () => null,
  getAsync: async () => null,
  removeAsync: async () => null,
};

/**
 * Captures the XML that node-saml's signature check returned (xml-crypto's signed reference),
 * so values are read from exactly the bytes that were verified, never from the posted document.
 */
class VerifiedXmlCapture extends SAML {
  verifiedXml: string | undefined;
  assertionXml: string | undefined;
  protected override async getSignedAssertion(signedXml: string): Promise<string | null> {
    this.verifiedXml = signedXml;
    const assertion = await super.getSignedAssertion(signedXml);
    this.assertionXml = assertion ?? undefined;
    return assertion;
  }
}

/**
 * node-saml errors raised after the signatures verified, about assertion content our own checks
 * report with more context (malformed or duplicated time bounds go to time-window).
 */
const COVERED_BY_OUR_CHECKS = /^Error parsing \w+|Unable to process multiple conditions/;

/**
 * Verifies signatures with node-saml's `validatePostResponseAsync`. Its time and audience checks
 * are switched off (it has no clock to inject, and we evaluate every time bound against `at`
 * ourselves); InResponseTo is ours too. Every signature that is present must verify: node-saml is
 * told to want exactly the signatures the document carries. An encrypted assertion is decrypted
 * once here and verified under node-saml's rules by ./verify-encrypted.ts (node-saml would
 * decrypt it twice per attempt); Canonical XML 1.1, which node-saml lacks, by ./verify-c14n11.ts.
 */
export async function verifySignatures(
  raw: RawResponse,
  opts: { certificates: readonly IdpCertificate[]; decryptionKey?: string },
): Promise<SignatureOutcome> {
  // One configured certificate at a time, so the report knows which one the signatures verified
  // with (its expiry is what counts). KeyInfo is not signed: it only decides the order to try in,
  // and whose error is reported when none verifies.
  const named = keyInfoCertificates(raw);
  const ordered = [
    ...opts.certificates.filter((c) => c.der !== undefined && named.has(c.der)),
    ...opts.certificates.filter((c) => c.der === undefined || !named.has(c.der)),
  ];
  // Decrypted once, before any certificate is tried: the key is the SP's.
  const decrypted = raw.encrypted ? await decryptAssertion(raw, opts.decryptionKey) : undefined;
  if (decrypted && !decrypted.ok) return { ok: false, error: explainNodeSamlError(decrypted.message) };
  let first: SignatureOutcome | undefined;
  for (const certificate of ordered) {
    const outcome = decrypted
      ? verifyDecrypted(raw, decrypted, certificate)
      : await verifyWith(raw, certificate);
    if (outcome.ok) return outcome;
    first ??= outcome;
  }
  return first ?? { ok: false, error: explainNodeSamlError('No IdP certificate is configured.') };
}

/** Base64 DER of every certificate the raw response's signatures name in KeyInfo. */
function keyInfoCertificates(raw: RawResponse): Set<string> {
  const sigs = [raw.root, raw.assertions[0]].flatMap((el) =>
    el ? childElements(el, NS.dsig, 'Signature') : [],
  );
  return new Set(
    sigs.flatMap((s) =>
      descendants(s, NS.dsig, 'X509Certificate').map((x) => (text(x) ?? '').replace(/\s+/g, '')),
    ),
  );
}

function verifyDecrypted(
  raw: RawResponse,
  decrypted: Extract<DecryptedAssertion, { ok: true }>,
  certificate: IdpCertificate,
): SignatureOutcome {
  const result = verifyEncrypted(raw, decrypted, certificate.pem);
  if (!result.ok) return { ok: false, error: explainNodeSamlError(result.message) };
  const verified = readVerified(result.verifiedXml, result.assertionXml, raw, result.innerChecked);
  return verified.ok ? { ...verified, certificate } : verified;
}

async function runNodeSaml(
  raw: RawResponse,
  certificate: IdpCertificate,
): Promise<
  | { ok: true; verifiedXml: string | undefined; assertionXml?: string | undefined }
  | { ok: false; message: string }
> {
  const saml = new VerifiedXmlCapture({
    idpCert: certificate.pem,
    issuer: 'urn:rally-okta:saml-helper',
    callbackUrl: 'urn:rally-okta:saml-helper:acs',
    audience: false,
    acceptedClockSkewMs: -1,
    validateInResponseTo: ValidateInResponseTo.never,
    cacheProvider: NO_CACHE,
    wantAuthnResponseSigned: raw.responseSigned,
    wantAssertionsSigned: raw.assertionSigned,
  });
  try {
    await saml.validatePostResponseAsync({ SAMLResponse: Buffer.from(raw.xml, 'utf8').toString('base64') });
    return { ok: true, verifiedXml: saml.verifiedXml, assertionXml: saml.assertionXml };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    if (C14N11_UNSUPPORTED.test(message)) return verifyC14n11(raw, certificate.pem);
    if (saml.assertionXml !== undefined && COVERED_BY_OUR_CHECKS.test(message))
      return { ok: true, verifiedXml: saml.verifiedXml, assertionXml: saml.assertionXml };
    return { ok: false, message };
  }
}

/** A plain (unencrypted) response, by node-saml; C14N 1.1 by ./verify-c14n11.ts. */
async function verifyWith(raw: RawResponse, certificate: IdpCertificate): Promise<SignatureOutcome> {
  const result = await runNodeSaml(raw, certificate);
  if (!result.ok) return { ok: false, error: explainNodeSamlError(result.message) };
  const verified = readVerified(result.verifiedXml, result.assertionXml, raw, raw.assertionSigned);
  return verified.ok ? { ...verified, certificate } : verified;
}

function readVerified(
  verifiedXml: string | undefined,
  assertionXml: string | undefined,
  raw: RawResponse,
  checked: boolean,
): Extract<SignatureOutcome, { ok: false }> | Omit<Extract<SignatureOutcome, { ok: true }>, 'certificate'> {
  const verified =
    verifiedXml === undefined
      ? undefined
      : parseXml(verifiedXml, { maxBytes: Infinity, what: 'verified XML' });
  if (!verified?.ok)
    return { ok: false, error: explainNodeSamlError('Cannot obtain assertion from signed data') };
  const response = verified.root.localName === 'Response' ? verified.root : undefined;
  // The decrypted assertion as node-saml returned it, its own signature still in place, read in
  // the namespace context of the verified EncryptedAssertion when the Response was signed.
  const context =
    (response && childElements(response, NS.assertion, 'EncryptedAssertion')[0]) ??
    raw.encryptedAssertions[0];
  const decrypted =
    raw.encrypted && assertionXml !== undefined && context
      ? parseInContext(assertionXml, context)
      : undefined;
  let assertion = response ? childElements(response, NS.assertion, 'Assertion')[0] : verified.root;
  if (raw.encrypted && (response || assertion?.namespaceURI !== NS.assertion)) assertion = decrypted;
  if (!assertion || assertion.namespaceURI !== NS.assertion || assertion.localName !== 'Assertion') {
    return { ok: false, error: explainNodeSamlError('Cannot obtain assertion from signed data') };
  }
  const assertionSignatures = raw.encrypted
    ? decrypted
      ? childElements(decrypted, NS.dsig, 'Signature')
      : []
    : childElements(raw.assertions[0]!, NS.dsig, 'Signature');
  return {
    ok: true,
    ...(response && { response }),
    assertion,
    // Without a verified Response signature node-saml insists on the assertion's own.
    assertionSignatureChecked: response ? checked && assertionSignatures.length > 0 : true,
    signatures: [...childElements(raw.root, NS.dsig, 'Signature'), ...assertionSignatures],
  };
}

/**
 * Decrypted content is an XML fragment that inherits the namespace declarations in scope where
 * the EncryptedAssertion stood (XML Encryption §4.3); xml-encryption returns it without them.
 */
export function parseInContext(fragment: string, at: Element): Element | undefined {
  const decls = new Map<string, string>();
  for (let el: Node | null = at; el && el.nodeType === 1; el = el.parentNode) {
    const attrs = (el as Element).attributes;
    for (let i = 0; i < attrs.length; i++) {
      const a = attrs.item(i)!;
      if ((a.name === 'xmlns' || a.name.startsWith('xmlns:')) && !decls.has(a.name))
        decls.set(a.name, a.value);
    }
  }
  const open = [...decls]
    .map(([k, v]) => `${k}="${v.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;')}"`)
    .join(' ');
  const parsed = parseXml(`<context ${open}>${fragment}</context>`, {
    maxBytes: Infinity,
    what: 'decrypted assertion',
  });
  if (!parsed.ok) return undefined;
  for (let n = parsed.root.firstChild; n; n = n.nextSibling) if (n.nodeType === 1) return n as Element;
  return undefined;
}

import { NS } from '../constants.js';
import { attr, childElements, descendants } from './dom.js';
import { createSignedXml } from './c14n11.js';

export type EnvelopedOutcome =
  | { readonly ok: true; readonly signedXml: string; readonly pem: string }
  | { readonly ok: false; readonly reason: string };

const ID_ATTRIBUTES = ['ID', 'Id', 'id'];

/**
 * Verifies the one enveloped signature of `element` with xml-crypto, applying the structural rules
 * node-saml applies to SAML signatures: exactly one ds:Signature child, at most two transforms,
 * one Reference, and that Reference names `element` itself by an ID no other element carries. A
 * `URI=""` Reference (the whole document) is accepted only on the document element, where it
 * means that same element. Returns the canonical bytes the signature covers: read values from
 * them, never from `element`. Canonical XML 1.1 is understood (./c14n11.ts).
 */
export function verifyEnvelopedSignature(
  fullXml: string,
  element: Element,
  pems: readonly string[],
): EnvelopedOutcome {
  const signatures = childElements(element, NS.dsig, 'Signature');
  if (signatures.length !== 1)
    return { ok: false, reason: signatures.length ? 'more than one signature' : 'no signature' };
  const signature = signatures[0]!;
  if (descendants(signature, NS.dsig, 'Transform').length > 2)
    return { ok: false, reason: 'too many transforms' };
  const references = descendants(signature, NS.dsig, 'Reference');
  if (references.length !== 1) return { ok: false, reason: 'not exactly one Reference' };
  const uri = attr(references[0], 'URI') ?? '';
  const doc = element.ownerDocument;
  if (uri === '') {
    if (doc.documentElement !== element)
      return { ok: false, reason: 'a whole-document Reference on an inner element' };
  } else {
    const id = uri.startsWith('#') ? uri.slice(1) : '';
    if (!id || /['"]/.test(id)) return { ok: false, reason: `an unusable Reference URI "${uri}"` };
    const named = [doc.documentElement, ...descendants(doc.documentElement, '*', '*')].filter((e) =>
      ID_ATTRIBUTES.some((a) => attr(e, a) === id),
    );
    if (named.length !== 1) return { ok: false, reason: 'ID cannot refer to more than one element' };
    if (named[0] !== element)
      return { ok: false, reason: "Referenced node does not refer to it's parent element" };
  }
  const xml = fullXml.replace(/\r\n?/g, '\n');
  let lastError: string | undefined;
  for (const pem of pems) {
    const sig = createSignedXml({ publicCert: pem });
    try {
      sig.loadSignature(signature);
      if (!sig.checkSignature(xml)) continue;
      const signed = sig.getSignedReferences();
      if (signed.length !== 1) return { ok: false, reason: 'not exactly one signed reference' };
      return { ok: true, signedXml: signed[0]!, pem };
    } catch (err) {
      lastError = err instanceof Error ? err.message : String(err);
    }
  }
  return { ok: false, reason: lastError ?? 'the signature does not verify' };
}

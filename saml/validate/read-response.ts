import { LIMITS, NS } from '../constants.js';
import { childElements, findCommentOrPi } from '../xml/dom.js';
import { parseXml } from '../xml/parse-xml.js';

/** The response as received, before any signature is checked: only for structure and diagnostics. */
export interface RawResponse {
  readonly xml: string;
  readonly root: Element;
  readonly assertions: readonly Element[];
  readonly encryptedAssertions: readonly Element[];
  /**
   * Children named Assertion or EncryptedAssertion in another namespace. node-saml counts by local
   * name, so they count here too: `assertionCount` is the number node-saml sees.
   */
  readonly foreignAssertions: readonly Element[];
  readonly assertionCount: number;
  /** The first assertion, plain or encrypted, for diagnostics when nothing verified. */
  readonly assertion?: Element;
  readonly encrypted: boolean;
  readonly responseSigned: boolean;
  readonly assertionSigned: boolean;
}

export type RawRead = { ok: true; raw: RawResponse } | { ok: false; reason: string };

/**
 * Parses the decoded XML and checks what must hold before signatures are looked at: one
 * samlp:Response root, and no comments or processing instructions anywhere inside it. Exclusive
 * C14N drops comments, so a comment spliced into a signed NameID leaves the signature valid while
 * changing what a careless reader sees (CVE-2018-7340); no IdP emits either, so both are refused.
 */
export function readRawResponse(xml: string): RawRead {
  const parsed = parseXml(xml, { maxBytes: LIMITS.responseBytes, what: 'response' });
  if (!parsed.ok) return parsed;
  const root = parsed.root;
  if (root.namespaceURI !== NS.protocol || root.localName !== 'Response') {
    return { ok: false, reason: `The root element is <${root.nodeName}>, not a SAML 2.0 samlp:Response.` };
  }
  const trick = findCommentOrPi(root);
  if (trick) {
    return {
      ok: false,
      reason: `The response contains a ${trick.kind} inside <${trick.parent}>. IdPs never send one; it is how comment and processing-instruction injection attacks hide a changed value.`,
    };
  }
  const assertions = childElements(root, NS.assertion, 'Assertion');
  const encryptedAssertions = childElements(root, NS.assertion, 'EncryptedAssertion');
  const foreignAssertions: Element[] = [];
  for (let n = root.firstChild; n; n = n.nextSibling) {
    const el = n as Element;
    if (n.nodeType === 1 && el.namespaceURI !== NS.assertion && ASSERTION_NAMES.has(el.localName))
      foreignAssertions.push(el);
  }
  const assertion = assertions[0] ?? encryptedAssertions[0];
  return {
    ok: true,
    raw: {
      xml,
      root,
      assertions,
      encryptedAssertions,
      foreignAssertions,
      assertionCount: assertions.length + encryptedAssertions.length + foreignAssertions.length,
      ...(assertion && { assertion }),
      encrypted: assertions.length === 0 && encryptedAssertions.length > 0,
      responseSigned: hasSignature(root),
      assertionSigned: assertions[0] !== undefined && hasSignature(assertions[0]),
    },
  };
}

const ASSERTION_NAMES = new Set(['Assertion', 'EncryptedAssertion']);

export function hasSignature(el: Element): boolean {
  return childElements(el, NS.dsig, 'Signature').length > 0;
}

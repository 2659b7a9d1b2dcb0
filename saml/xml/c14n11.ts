import { C14nCanonicalization, SignedXml, type SignedXmlOptions } from 'xml-crypto';
import { joinUriReferences } from './join-uri-references.js';

export const C14N11 = 'http://www.w3.org/2006/12/xml-c14n11';
export const C14N11_WITH_COMMENTS = 'http://www.w3.org/2006/12/xml-c14n11#WithComments';

const XML_NS = 'http://www.w3.org/XML/1998/namespace';

/** The part of an attribute node the canonicalizer reads (xml-crypto renders name and value). */
interface AttrLike {
  readonly name: string;
  readonly localName: string;
  readonly namespaceURI: string | null;
  readonly value: string;
}

/**
 * Canonical XML 1.1 (https://www.w3.org/TR/xml-c14n11/). It differs from Canonical XML 1.0 only
 * in how `xml:` attributes of ancestors left out of a document subset reach the subset's apex
 * (§2.4): `xml:lang` and `xml:space` are inherited from the nearest ancestor that has them,
 * `xml:id` is not inherited at all, and `xml:base` is fixed up by joining the ancestors' values
 * with the apex's own. A whole document (the apex has no parent element) canonicalizes as 1.0.
 */
export class C14n11Canonicalization extends C14nCanonicalization {
  private apex: Node | undefined;
  private inherited: AttrLike[] = [];

  override process(node: Node, options: Parameters<C14nCanonicalization['process']>[1]): string {
    this.apex = node;
    const placed = node.nodeType === 1 ? placeInDocument(node as Element, options.signatureNode) : undefined;
    this.inherited = placed ? inheritedXmlAttributes(placed) : [];
    // xml-crypto finds SignedInfo's ancestor namespaces at the document's first SignedInfo, which
    // is another signature's when the Response and the assertion are both signed: use the apex's own.
    return super.process(
      node,
      placed ? { ...options, ancestorNamespaces: namespacesInScope(placed) } : options,
    );
  }

  override renderAttrs(node: Node): string {
    if (node !== this.apex || this.inherited.length === 0) return super.renderAttrs(node);
    const el = node as Element;
    const own: AttrLike[] = [];
    for (let i = 0; i < el.attributes.length; i++) {
      const a = el.attributes.item(i)!;
      if (a.name.startsWith('xmlns')) continue;
      // A fixed-up xml:base replaces the apex's own value.
      if (a.namespaceURI === XML_NS && this.inherited.some((x) => x.localName === a.localName)) continue;
      own.push(a);
    }
    const all = [...own, ...this.inherited].sort((a, b) => this.attrCompare(a, b));
    return all.map((a) => ` ${a.name}="${escapeAttribute(a.value)}"`).join('');
  }

  override getAlgorithmName(): string {
    return C14N11;
  }
}

export class C14n11CanonicalizationWithComments extends C14n11Canonicalization {
  constructor() {
    super();
    this.includeComments = true;
  }

  override getAlgorithmName(): string {
    return C14N11_WITH_COMMENTS;
  }
}

/** An xml-crypto SignedXml that also knows Canonical XML 1.1, with and without comments. */
export function createSignedXml(options: SignedXmlOptions): SignedXml {
  const sig = new SignedXml(options);
  sig.CanonicalizationAlgorithms[C14N11] = C14n11Canonicalization;
  sig.CanonicalizationAlgorithms[C14N11_WITH_COMMENTS] = C14n11CanonicalizationWithComments;
  return sig;
}

const DSIG = 'http://www.w3.org/2000/09/xmldsig#';
const ID_ATTRIBUTES = ['ID', 'Id', 'id'];

/**
 * xml-crypto canonicalizes a detached deep clone of the subset's apex, so the ancestors whose
 * `xml:` attributes it inherits are found where the clone came from: a Reference's element by its
 * ID in the same document (one element only: our verifier refuses duplicate IDs), SignedInfo in
 * the loaded Signature. A node still in its tree is its own place.
 */
function placeInDocument(apex: Element, signatureNode: Node | null | undefined): Element | undefined {
  if (apex.parentNode) return apex;
  if (apex.namespaceURI === DSIG && apex.localName === 'SignedInfo') {
    const signature = signatureNode as Element | undefined;
    for (let n = signature?.firstChild; n; n = n.nextSibling)
      if (
        n.nodeType === 1 &&
        (n as Element).localName === 'SignedInfo' &&
        (n as Element).namespaceURI === DSIG
      )
        return n as Element;
    return undefined;
  }
  const name = ID_ATTRIBUTES.find((a) => apex.hasAttribute(a));
  const doc = apex.ownerDocument as Document | null;
  if (!name || !doc?.documentElement) return undefined;
  const id = apex.getAttribute(name);
  const root = doc.documentElement;
  const matches = [root, ...Array.from(root.getElementsByTagName('*'))].filter(
    (e) => e !== apex && e.getAttribute(name) === id && e.localName === apex.localName,
  );
  return matches.length === 1 ? matches[0] : undefined;
}

/** Namespace declarations in scope at the apex's parent, nearest first, less those the apex itself has. */
function namespacesInScope(apex: Element): { prefix: string; namespaceURI: string }[] {
  const seen = new Set<string>();
  for (let i = 0; i < apex.attributes.length; i++) {
    const a = apex.attributes.item(i)!;
    if (a.name === 'xmlns' || a.name.startsWith('xmlns:')) seen.add(a.name.replace(/^xmlns:?/, ''));
  }
  // C14N renders the apex's own namespace already; hoisting it too would declare it twice.
  seen.add(apex.prefix ?? '');
  const out: { prefix: string; namespaceURI: string }[] = [];
  for (let p = apex.parentNode; p && p.nodeType === 1; p = p.parentNode) {
    const attrs = (p as Element).attributes;
    for (let i = 0; i < attrs.length; i++) {
      const a = attrs.item(i)!;
      if (a.name !== 'xmlns' && !a.name.startsWith('xmlns:')) continue;
      const prefix = a.name.replace(/^xmlns:?/, '');
      if (seen.has(prefix)) continue;
      seen.add(prefix);
      // An undeclaration only shadows outer bindings; it is no namespace node.
      if (a.value !== '') out.push({ prefix, namespaceURI: a.value });
    }
  }
  return out;
}

/** The `xml:` attributes the apex gets from its omitted ancestors under C14N 1.1 §2.4. */
function inheritedXmlAttributes(apex: Element): AttrLike[] {
  const ancestors: Element[] = [];
  for (let p = apex.parentNode; p && p.nodeType === 1; p = p.parentNode) ancestors.push(p as Element);
  if (ancestors.length === 0) return [];
  const out: AttrLike[] = [];
  for (const name of ['lang', 'space']) {
    if (apex.hasAttributeNS(XML_NS, name)) continue;
    const from = ancestors.find((a) => a.hasAttributeNS(XML_NS, name));
    if (from) out.push(xmlAttr(name, from.getAttributeNS(XML_NS, name) ?? ''));
  }
  // Outermost first: each xml:base is relative to the one of its parent.
  const bases = [...ancestors]
    .reverse()
    .filter((a) => a.hasAttributeNS(XML_NS, 'base'))
    .map((a) => a.getAttributeNS(XML_NS, 'base') ?? '');
  if (bases.length > 0) {
    if (apex.hasAttributeNS(XML_NS, 'base')) bases.push(apex.getAttributeNS(XML_NS, 'base') ?? '');
    out.push(
      xmlAttr(
        'base',
        bases.reduce((base, ref) => joinUriReferences(base, ref)),
      ),
    );
  }
  return out;
}

const xmlAttr = (localName: string, value: string): AttrLike => ({
  name: `xml:${localName}`,
  localName,
  namespaceURI: XML_NS,
  value,
});

/** C14N attribute-value escaping (https://www.w3.org/TR/xml-c14n11/#ProcessingModel). */
function escapeAttribute(value: string): string {
  return value.replace(/[&<"\t\n\r]/g, (c) =>
    c === '&'
      ? '&amp;'
      : c === '<'
        ? '&lt;'
        : c === '"'
          ? '&quot;'
          : `&#x${c.charCodeAt(0).toString(16).toUpperCase()};`,
  );
}

/** Small namespace-aware DOM helpers: no XPath, so nothing can be injected and nothing is re-parsed. */
export function childElements(parent: Element, ns: string, localName: string): Element[] {
  const out: Element[] = [];
  for (let n = parent.firstChild; n; n = n.nextSibling) {
    if (n.nodeType === 1 && (n as Element).namespaceURI === ns && (n as Element).localName === localName) {
      out.push(n as Element);
    }
  }
  return out;
}

export function childElement(
  parent: Element | undefined,
  ns: string,
  localName: string,
): Element | undefined {
  return parent ? childElements(parent, ns, localName)[0] : undefined;
}

/** Follows a path of child elements in one namespace: `path(a, NS.assertion, 'Subject', 'NameID')`. */
export function path(from: Element | undefined, ns: string, ...names: string[]): Element | undefined {
  let el = from;
  for (const name of names) el = childElement(el, ns, name);
  return el;
}

/** All descendants with this name, document order. */
export function descendants(root: Element, ns: string, localName: string): Element[] {
  const list = root.getElementsByTagNameNS(ns, localName);
  const out: Element[] = [];
  for (let i = 0; i < list.length; i++) {
    const el = list.item(i);
    if (el) out.push(el);
  }
  return out;
}

/**
 * Text of an element as DOM textContent (comments and processing instructions excluded), trimmed.
 * Never `firstChild.data`: a comment inside a NameID would cut the value short (CVE-2018-7340).
 */
export function text(el: Element | undefined): string | undefined {
  if (!el) return undefined;
  return (el.textContent ?? '').trim();
}

export function attr(el: Element | undefined, name: string): string | undefined {
  if (!el || !el.hasAttribute(name)) return undefined;
  return el.getAttribute(name) ?? undefined;
}

/** Whether any comment or processing instruction sits inside `root` (none do in real responses). */
export function findCommentOrPi(
  root: Element,
): { kind: 'comment' | 'processing instruction'; parent: string } | undefined {
  const stack: Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    for (let n = node.firstChild; n; n = n.nextSibling) {
      if (n.nodeType === 8 || n.nodeType === 7) {
        return {
          kind: n.nodeType === 8 ? 'comment' : 'processing instruction',
          parent: (node as Element).localName ?? '?',
        };
      }
      if (n.nodeType === 1) stack.push(n);
    }
  }
  return undefined;
}

import { NS } from '../constants.js';
import { attr, childElements, path, text } from '../xml/dom.js';

/** Readers over the assertion element (verified or raw: the caller knows which it holds). */
export function nameIdElement(assertion: Element | undefined): Element | undefined {
  return path(assertion, NS.assertion, 'Subject', 'NameID');
}

/** Attribute name → values, from every AttributeStatement; values are DOM textContent. */
export function attributeValues(assertion: Element | undefined): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  if (!assertion) return out;
  for (const statement of childElements(assertion, NS.assertion, 'AttributeStatement')) {
    for (const attribute of childElements(statement, NS.assertion, 'Attribute')) {
      const name = attr(attribute, 'Name');
      if (!name) continue;
      const values = childElements(attribute, NS.assertion, 'AttributeValue').map((v) => text(v) ?? '');
      (out[name] ??= []).push(...values);
    }
  }
  return out;
}

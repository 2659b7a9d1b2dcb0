import { DOMParser } from '@xmldom/xmldom';

export type ParsedXml = { ok: true; doc: Document; root: Element } | { ok: false; reason: string };

/**
 * Parses untrusted XML with @xmldom/xmldom, treating every parser warning as fatal (xmldom would
 * otherwise repair unclosed tags). A DOCTYPE is refused before parsing: SAML never needs one and
 * it is how entity-expansion and external-entity attacks start. xmldom resolves no external
 * entities, but we do not rely on that alone.
 */
export function parseXml(text: string, opts: { maxBytes: number; what: string }): ParsedXml {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > opts.maxBytes) {
    return {
      ok: false,
      reason: `The ${opts.what} is ${bytes} bytes; at most ${opts.maxBytes} bytes are accepted.`,
    };
  }
  if (/<!DOCTYPE/i.test(text) || /<!ENTITY/i.test(text)) {
    return {
      ok: false,
      reason: `The ${opts.what} contains a DOCTYPE or ENTITY declaration, which is never allowed.`,
    };
  }
  const problems: string[] = [];
  const record = (msg: string) => problems.push(cleanParserMessage(msg));
  let doc: Document | undefined;
  try {
    doc = new DOMParser({
      locator: {},
      errorHandler: { warning: record, error: record, fatalError: record },
    }).parseFromString(text, 'text/xml') as unknown as Document;
  } catch (err) {
    record(err instanceof Error ? err.message : String(err));
  }
  if (problems.length > 0 || !doc) {
    return { ok: false, reason: `The ${opts.what} is not well-formed XML: ${problems[0] ?? 'no document'}` };
  }
  const root = doc.documentElement;
  if (!root) return { ok: false, reason: `The ${opts.what} has no root element.` };
  for (let n = doc.firstChild; n; n = n.nextSibling) {
    if (n.nodeType === n.TEXT_NODE && (n.nodeValue ?? '').trim() !== '') {
      return { ok: false, reason: `The ${opts.what} has text outside its root element.` };
    }
  }
  return { ok: true, doc, root };
}

/** xmldom prefixes messages with "[xmldom error]" and a tab; keep the useful part and the position. */
function cleanParserMessage(msg: string): string {
  return msg
    .replace(/\[xmldom (?:warning|error|fatalError)\]\s*/g, '')
    .replace(/\s*\n@#\[line:(\d+),col:(\w+)\]/, ' (line $1, column $2)')
    .replace(/element parse error: Error: /, '')
    .trim();
}

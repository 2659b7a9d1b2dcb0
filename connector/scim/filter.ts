import { badRequest } from './errors.js';

/**
 * The SCIM filter subset Okta sends (RFC 7644 §3.4.2.2): `attr eq "value"` joined by `and`/`or`,
 * with parentheses. Attribute paths are case-insensitive and may carry the schema URN; a value
 * filter is accepted only as `emails[type eq "work"].value`. Anything else is `invalidFilter`.
 * The result is an AST; turning it into a Rally query goes through the escaping query builder.
 */
export type Filter =
  | { readonly op: 'eq'; readonly attr: string; readonly value: string | number | boolean | null }
  | { readonly op: 'and' | 'or'; readonly left: Filter; readonly right: Filter };

type Token =
  | { kind: 'word'; text: string }
  | { kind: 'value'; value: string | number | boolean | null }
  | { kind: '(' | ')' };

const MAX_LENGTH = 2000;
const UNSUPPORTED_OPS = new Set(['ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le', 'pr', 'not']);

export function parseFilter(input: string): Filter {
  if (input.length > MAX_LENGTH) throw invalid(`the filter is longer than ${MAX_LENGTH} characters`);
  const tokens = tokenize(input);
  let pos = 0;
  const peek = () => tokens[pos];
  const isWord = (t: Token | undefined, w: string): boolean =>
    t?.kind === 'word' && t.text.toLowerCase() === w;

  function parseOr(): Filter {
    let left = parseAnd();
    while (isWord(peek(), 'or')) {
      pos++;
      left = { op: 'or', left, right: parseAnd() };
    }
    return left;
  }
  function parseAnd(): Filter {
    let left = parseFactor();
    while (isWord(peek(), 'and')) {
      pos++;
      left = { op: 'and', left, right: parseFactor() };
    }
    return left;
  }
  function parseFactor(): Filter {
    const t = tokens[pos++];
    if (t?.kind === '(') {
      const inner = parseOr();
      if (tokens[pos++]?.kind !== ')') throw invalid('a "(" is not closed');
      return inner;
    }
    if (t?.kind !== 'word') throw invalid('expected an attribute name');
    const opTok = tokens[pos++];
    if (opTok?.kind !== 'word') throw invalid(`expected an operator after "${t.text}"`);
    const op = opTok.text.toLowerCase();
    if (op !== 'eq') {
      throw invalid(
        UNSUPPORTED_OPS.has(op)
          ? `the "${op}" operator is not supported; use "eq"`
          : `unknown operator "${opTok.text}"`,
      );
    }
    const v = tokens[pos++];
    if (v?.kind !== 'value') throw invalid(`expected a quoted value after "${t.text} eq"`);
    return { op: 'eq', attr: normalisePath(t.text), value: v.value };
  }

  const ast = parseOr();
  if (pos !== tokens.length) throw invalid('unexpected text after the end of the filter');
  return ast;
}

/** Lower-cased path without the core schema URN; `emails[type eq "work"].value` → `emails.value`. */
function normalisePath(raw: string): string {
  let p = raw.toLowerCase();
  for (const urn of [
    'urn:ietf:params:scim:schemas:core:2.0:user:',
    'urn:ietf:params:scim:schemas:core:2.0:group:',
  ]) {
    if (p.startsWith(urn)) p = p.slice(urn.length);
  }
  const m = /^(emails)\[type eq "work"\](\.value)?$/.exec(p);
  if (m) return 'emails.value';
  if (p.includes('['))
    throw invalid(`the value filter in "${raw}" is not supported; use emails[type eq "work"].value`);
  return p;
}

function tokenize(s: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < s.length) {
    const c = s[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (c === '(' || c === ')') {
      out.push({ kind: c });
      i++;
    } else if (c === '"') {
      let j = i + 1;
      while (j < s.length && s[j] !== '"') j += s[j] === '\\' ? 2 : 1;
      if (j >= s.length) throw invalid('a quoted value is not closed');
      try {
        out.push({ kind: 'value', value: JSON.parse(s.slice(i, j + 1)) as string });
      } catch {
        throw invalid('a quoted value has an invalid escape');
      }
      i = j + 1;
    } else {
      // A word: attribute path (which may hold a bracketed value filter), operator or literal.
      let j = i;
      let depth = 0;
      while (j < s.length && (depth > 0 || !/[\s()]/.test(s[j]!))) {
        if (s[j] === '[') depth++;
        if (s[j] === ']') depth--;
        if (s[j] === '"' && depth > 0) {
          j++;
          while (j < s.length && s[j] !== '"') j += s[j] === '\\' ? 2 : 1;
        }
        j++;
      }
      const text = s.slice(i, j);
      out.push(literal(text) ?? { kind: 'word', text });
      i = j;
    }
  }
  return out;
}

function literal(text: string): Token | undefined {
  if (text === 'true' || text === 'false') return { kind: 'value', value: text === 'true' };
  if (text === 'null') return { kind: 'value', value: null };
  if (/^-?\d+(\.\d+)?$/.test(text)) return { kind: 'value', value: Number(text) };
  return undefined;
}

function invalid(why: string) {
  return badRequest('invalidFilter', `Unsupported or malformed filter: ${why}.`);
}

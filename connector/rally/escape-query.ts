/**
 * The only way this code base builds a WSAPI `query` string.
 *
 * WSAPI queries are fully parenthesised binary expressions: `((A) AND (B))`. Values are always
 * emitted as double-quoted strings (or bare numbers, booleans and null, which cannot carry syntax),
 * with `\` and `"` escaped, so no value — whatever it holds: quotes, parentheses, AND/OR — can
 * change the expression's shape. Field paths and operators come from code, never from user input,
 * and are still checked.
 */
export type QueryOperator = '=' | '!=' | '<' | '<=' | '>' | '>=' | 'contains' | '!contains';
export type QueryValue = string | number | boolean | null;

declare const queryBrand: unique symbol;
/** A query expression that can only be made by the functions below. */
export type Query = string & { readonly [queryBrand]: true };

const FIELD_PATH = /^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)*$/;
const OPERATORS = new Set<string>(['=', '!=', '<', '<=', '>', '>=', 'contains', '!contains']);

export function quoteValue(value: QueryValue): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError('query numbers must be finite');
    return String(value);
  }
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

export function where(field: string, op: QueryOperator, value: QueryValue): Query {
  if (!FIELD_PATH.test(field)) throw new TypeError(`invalid query field path: ${field}`);
  if (!OPERATORS.has(op)) throw new TypeError(`invalid query operator: ${op}`);
  return `(${field} ${op} ${quoteValue(value)})` as Query;
}

function combine(joiner: 'AND' | 'OR', parts: readonly Query[]): Query {
  if (parts.length === 0) throw new TypeError(`${joiner} needs at least one expression`);
  // WSAPI only knows binary nodes, so n operands become a left-leaning chain.
  return parts.slice(1).reduce((acc, p) => `(${acc} ${joiner} ${p})` as Query, parts[0]!);
}

export const and = (...parts: Query[]): Query => combine('AND', parts);
export const or = (...parts: Query[]): Query => combine('OR', parts);

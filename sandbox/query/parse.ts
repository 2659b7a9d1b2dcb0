import { QuerySyntaxError, type Token, tokenize } from './tokenize.js';

export type CompareOperator = '=' | '!=' | '<' | '<=' | '>' | '>=' | 'contains' | '!contains';

/** A literal as written: quoted strings keep `quoted` so `"null"` stays a string while bare null is null. */
export interface Literal {
  readonly text: string;
  readonly quoted: boolean;
}

export type QueryNode =
  | {
      readonly kind: 'logical';
      readonly op: 'AND' | 'OR';
      readonly left: QueryNode;
      readonly right: QueryNode;
    }
  | {
      readonly kind: 'compare';
      readonly path: readonly string[];
      readonly op: CompareOperator;
      readonly value: Literal;
    };

const PATH = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

function describe(token: Token): string {
  return token.type === 'end' ? 'end of query' : token.text;
}

function expected(what: string, token: Token): QuerySyntaxError {
  return new QuerySyntaxError(
    `Error parsing expression -- expected "${what}" but saw "${describe(token)}" instead.`,
  );
}

/**
 * Recursive descent over the fully parenthesised binary grammar:
 *   expr := "(" expr ("AND" | "OR") expr ")" | "(" path operator value ")"
 * Chains such as `(A AND B AND C)` are rejected, as real Rally does: nest them instead.
 */
export function parseQuery(text: string): QueryNode {
  const tokens = tokenize(text);
  let index = 0;
  const peek = (): Token => tokens[index]!;
  const take = (): Token => tokens[index++]!;

  const expect = (type: Token['type'], what: string): Token => {
    const token = take();
    if (token.type !== type) throw expected(what, token);
    return token;
  };

  const operator = (): CompareOperator => {
    const token = take();
    if (token.type === 'operator') return token.text as CompareOperator;
    const word = token.text.toLowerCase();
    if (token.type === 'word' && (word === 'contains' || word === '!contains')) return word;
    throw new QuerySyntaxError(`Unknown operator "${describe(token)}"`);
  };

  const expression = (): QueryNode => {
    expect('lparen', '(');
    if (peek().type === 'lparen') {
      const left = expression();
      const joiner = take();
      const op = joiner.type === 'word' ? joiner.text.toUpperCase() : '';
      if (op !== 'AND' && op !== 'OR') throw expected('AND" or "OR', joiner);
      const right = expression();
      expect('rparen', ')');
      return { kind: 'logical', op, left, right };
    }
    const field = take();
    if (field.type !== 'word' || !PATH.test(field.text)) throw expected('attribute name', field);
    const op = operator();
    const value = take();
    if (value.type !== 'string' && value.type !== 'word') throw expected('value', value);
    expect('rparen', ')');
    return {
      kind: 'compare',
      path: field.text.split('.'),
      op,
      value: { text: value.text, quoted: value.type === 'string' },
    };
  };

  const root = expression();
  expect('end', 'end of query');
  return root;
}

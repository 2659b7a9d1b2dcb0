/**
 * Tokeniser for the WSAPI query grammar (reference: Query parameters). Quoted strings honour backslash
 * escapes (`\"` and `\\`; a backslash before any other character keeps that character), so a quoted
 * value can never end early: that is what makes client-side escaping an injection defence.
 */
export type TokenType = 'lparen' | 'rparen' | 'string' | 'word' | 'operator' | 'end';

export interface Token {
  readonly type: TokenType;
  readonly text: string;
  readonly position: number;
}

export class QuerySyntaxError extends Error {
  override readonly name = 'QuerySyntaxError';
}

const SYMBOL_OPERATORS = ['!=', '<=', '>=', '=', '<', '>'] as const;

/** Characters that end an unquoted word: rally-node sends values like `admin@rally.sandbox` bare. */
function endsWord(text: string, index: number): boolean {
  const char = text[index]!;
  if (/\s/.test(char) || char === '(' || char === ')' || char === '"') return true;
  if (char === '=' || char === '<' || char === '>') return true;
  return char === '!' && text[index + 1] === '=';
}

function readString(text: string, start: number): [string, number] {
  let value = '';
  for (let i = start + 1; i < text.length; i++) {
    const char = text[i]!;
    if (char === '\\') {
      if (i + 1 >= text.length) break;
      value += text[++i]!;
    } else if (char === '"') {
      return [value, i + 1];
    } else {
      value += char;
    }
  }
  throw new QuerySyntaxError(`Unterminated string literal starting at position ${start}`);
}

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const char = text[i]!;
    if (/\s/.test(char)) {
      i++;
    } else if (char === '(' || char === ')') {
      tokens.push({ type: char === '(' ? 'lparen' : 'rparen', text: char, position: i });
      i++;
    } else if (char === '"') {
      const [value, next] = readString(text, i);
      tokens.push({ type: 'string', text: value, position: i });
      i = next;
    } else {
      const symbol = SYMBOL_OPERATORS.find((op) => text.startsWith(op, i));
      if (symbol) {
        tokens.push({ type: 'operator', text: symbol, position: i });
        i += symbol.length;
        continue;
      }
      const start = i;
      do i++;
      while (i < text.length && !endsWord(text, i));
      tokens.push({ type: 'word', text: text.slice(start, i), position: start });
    }
  }
  tokens.push({ type: 'end', text: '', position: text.length });
  return tokens;
}

/** A reference as clients write it: `/project/123`, a full `_ref` URL, `{"_ref": ...}`, with or without `.js`. */
export interface ParsedRef {
  /** Lower-cased type path segment. */
  readonly type: string;
  readonly id: string;
}

const UUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';
const REF = new RegExp(`(?:^|/)([A-Za-z]+)/(\\d+|\\d+u\\d+[wp]\\d+|${UUID})(?:\\.js)?$`);

export function parseRef(input: unknown): ParsedRef | undefined {
  const text =
    typeof input === 'object' && input !== null && '_ref' in input
      ? (input as { _ref: unknown })._ref
      : input;
  if (typeof text !== 'string') return undefined;
  const match = REF.exec(text.trim().split('?')[0]!);
  return match ? { type: match[1]!.toLowerCase(), id: match[2]! } : undefined;
}

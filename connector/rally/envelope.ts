import { RallyError, type RallyErrorCode } from './errors.js';

/**
 * WSAPI wraps every answer in one top-level key (`QueryResult`, `CreateResult`, `OperationResult`
 * or the type name of a single read) and reports application errors as HTTP 200 with a non-empty
 * `Errors` array. This module is where those envelopes end.
 */
export interface Envelope {
  readonly kind: string;
  readonly content: Record<string, unknown>;
  readonly warnings: readonly string[];
}

export interface QueryPage<T> {
  readonly total: number;
  readonly startIndex: number;
  readonly pageSize: number;
  readonly results: readonly T[];
}

/** Rally's error strings, most specific first, and what each means for a caller. */
const ERROR_PATTERNS: ReadonlyArray<readonly [RegExp, RallyErrorCode, string]> = [
  [
    /Cannot find object to (?:read|update)|Object to delete cannot be null|Could not read: .*not found/i,
    'RALLY_NOT_FOUND',
    'The Rally object does not exist.',
  ],
  [/conflicts with/i, 'RALLY_CONFLICT', 'Rally already has an object with that value.'],
  [
    /Not authorized|Invalid key|not permitted|\bpermission/i,
    'RALLY_FORBIDDEN',
    'Rally refused the operation for this account.',
  ],
  [
    /Validation error|should not be null|is not a valid|Could not parse|Could not convert/i,
    'RALLY_VALIDATION',
    'Rally rejected the values sent.',
  ],
];

export function unwrap(json: unknown): Envelope {
  if (!json || typeof json !== 'object' || Array.isArray(json)) {
    throw new RallyError('RALLY_BAD_RESPONSE', 'Rally answered with an unexpected JSON shape.');
  }
  const entries = Object.entries(json);
  const [kind, content] = entries[0] ?? [];
  if (entries.length !== 1 || kind === undefined || !content || typeof content !== 'object') {
    throw new RallyError('RALLY_BAD_RESPONSE', 'Rally answered with an unexpected JSON shape.');
  }
  const body = content as Record<string, unknown>;
  const errors = strings(body.Errors);
  if (errors.length > 0) throw errorFor(errors);
  return { kind, content: body, warnings: strings(body.Warnings) };
}

export function errorFor(messages: readonly string[]): RallyError {
  const joined = messages.join('\n');
  for (const [pattern, code, message] of ERROR_PATTERNS) {
    if (pattern.test(joined)) return new RallyError(code, message, { rallyMessages: messages });
  }
  return new RallyError('RALLY_VALIDATION', 'Rally refused the request.', { rallyMessages: messages });
}

export function queryPage<T>(json: unknown): QueryPage<T> {
  const env = unwrap(json);
  const c = env.content;
  if (env.kind !== 'QueryResult' || !Array.isArray(c.Results)) {
    throw new RallyError(
      'RALLY_BAD_RESPONSE',
      `Rally answered ${env.kind} where a QueryResult was expected.`,
    );
  }
  return {
    total: numberOr(c.TotalResultCount, 0),
    startIndex: numberOr(c.StartIndex, 1),
    pageSize: numberOr(c.PageSize, c.Results.length),
    results: c.Results as T[],
  };
}

/** A single read (`{"User": {...}}`), a CreateResult/OperationResult's `Object`. */
export function objectOf<T>(json: unknown): T {
  const env = unwrap(json);
  const obj =
    env.kind === 'CreateResult' || env.kind === 'OperationResult' ? env.content.Object : env.content;
  if (!obj || typeof obj !== 'object') {
    throw new RallyError('RALLY_BAD_RESPONSE', `Rally's ${env.kind} carried no object.`);
  }
  return obj as T;
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

function numberOr(v: unknown, fallback: number): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : fallback;
}

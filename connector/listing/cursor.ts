import { createHash } from 'node:crypto';
import { ConnectorError } from '../errors.js';

/**
 * Opaque list cursors: base64url of `{v, o: offset, f: filter fingerprint}` and a checksum.
 * A cursor holds no secret and grants nothing (it is an offset into a list the caller may read
 * anyway), so a keyless checksum is enough to refuse an edited, truncated or foreign cursor with
 * 400 INVALID_CURSOR, and cursors stay valid across restarts and replicas.
 */
const VERSION = 1;
const INVALID =
  'The cursor is not one this service issued for this listing. Pass nextCursor exactly as received, with the same filters, or start again without a cursor.';

/** A short, stable fingerprint of a listing's filter, so a cursor only works for its own list. */
export function fingerprint(parts: readonly unknown[]): string {
  return digest(JSON.stringify(parts)).slice(0, 12);
}

export function encodeCursor(offset: number, filterPrint: string): string {
  const payload = Buffer.from(JSON.stringify({ v: VERSION, o: offset, f: filterPrint })).toString(
    'base64url',
  );
  return `${payload}.${digest(payload).slice(0, 16)}`;
}

/** The offset a cursor points at; throws INVALID_CURSOR for anything it did not issue. */
export function decodeCursor(cursor: string, filterPrint: string): number {
  const [payload, sum, extra] = cursor.split('.');
  if (!payload || !sum || extra !== undefined || digest(payload).slice(0, 16) !== sum) throw invalid();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch (cause) {
    throw invalid(cause);
  }
  const c = parsed as { v?: unknown; o?: unknown; f?: unknown };
  if (c.v !== VERSION || !Number.isSafeInteger(c.o) || (c.o as number) < 0) throw invalid();
  if (c.f !== filterPrint) {
    throw new ConnectorError(
      'INVALID_CURSOR',
      `${INVALID} This cursor belongs to a listing with other filters.`,
    );
  }
  return c.o as number;
}

function digest(text: string): string {
  return createHash('sha256').update(`rally-okta-cursor\0${text}`).digest('base64url');
}

function invalid(cause?: unknown): ConnectorError {
  return new ConnectorError('INVALID_CURSOR', INVALID, cause === undefined ? {} : { cause });
}

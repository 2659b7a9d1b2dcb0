import type { Request } from 'express';
import { z } from 'zod';
import { OPERATIONS, STATUSES, SURFACES } from '../../../audit/event.js';
import type { EventFilter } from '../../../audit/event-store.js';
import { ApiError } from '../../errors.js';

export const MAX_LIMIT = 500;

const isoTime = z
  .string()
  .refine(
    (s) => /^\d{4}-\d{2}-\d{2}/.test(s) && !Number.isNaN(Date.parse(s)),
    'must be an ISO 8601 date or time',
  )
  .transform((s) => Date.parse(s));

const Query = z
  .object({
    userName: z.string().min(1).max(255).optional(),
    targetId: z
      .string()
      .regex(/^\d{1,20}$/, 'must be a Rally ObjectID')
      .optional(),
    surface: z.enum(SURFACES).optional(),
    operation: z.enum(OPERATIONS).optional(),
    status: z.enum(STATUSES).optional(),
    since: isoTime.optional(),
    until: isoTime.optional(),
    limit: z.coerce.number().int().min(1).max(MAX_LIMIT).default(100),
    cursor: z.string().max(200).optional(),
    format: z.enum(['json', 'csv', 'jsonl']).default('json'),
  })
  .strict();

export type EventQuery = z.output<typeof Query>;

/** The audit API's query string, every bad parameter named (400 INVALID_FILTER). */
export function readEventQuery(req: Request): {
  filter: EventFilter;
  limit: number;
  format: EventQuery['format'];
} {
  // Empty form fields (the console's filter form) mean "any".
  const raw = Object.fromEntries(Object.entries(req.query).filter(([, v]) => v !== ''));
  const r = Query.safeParse(raw);
  if (!r.success) {
    const problems = r.error.issues.map((i) =>
      i.code === 'unrecognized_keys'
        ? `unknown parameter(s) ${i.keys.join(', ')}`
        : `${i.path.join('.')} ${i.message}`,
    );
    throw new ApiError(400, 'INVALID_FILTER', `Invalid query: ${problems.join('; ')}.`, { problems });
  }
  const q = r.data;
  const filter: EventFilter = {
    ...(q.userName !== undefined && { userName: q.userName }),
    ...(q.targetId !== undefined && { targetId: q.targetId }),
    ...(q.surface !== undefined && { surface: q.surface }),
    ...(q.operation !== undefined && { operation: q.operation }),
    ...(q.status !== undefined && { status: q.status }),
    ...(q.since !== undefined && { since: q.since }),
    ...(q.until !== undefined && { until: q.until }),
    ...(q.cursor !== undefined && { before: decodeCursor(q.cursor) }),
  };
  return { filter, limit: q.limit, format: q.format };
}

export const encodeCursor = (p: { at: number; id: string }): string =>
  Buffer.from(JSON.stringify([p.at, p.id])).toString('base64url');

function decodeCursor(cursor: string): { at: number; id: string } {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (typeof at === 'number' && Number.isSafeInteger(at) && typeof id === 'string' && id.length <= 64)
      return { at, id };
  } catch {
    // falls through to the error below
  }
  throw new ApiError(
    400,
    'INVALID_FILTER',
    'cursor is not one this API gave out: pass nextCursor exactly as received.',
  );
}

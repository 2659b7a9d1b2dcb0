import { z } from 'zod';

/** Page size of a list endpoint: 1 to Rally's maximum page size, 2000 (KB 47778). */
export const pageLimit = (noun: string, fallback: number) =>
  z.coerce
    .number()
    .int()
    .min(1)
    .max(2000)
    .default(fallback)
    .describe(`${noun} per page, 1 to 2000. Default ${fallback}.`);

/** The opaque `nextCursor` of the previous page. */
export const cursorParam = (description: string) =>
  z.string().min(1).max(512).optional().describe(description);

/** A user's Rally ObjectID in a path. */
export const userObjectId = (description: string) =>
  z
    .string()
    .regex(/^\d{1,15}$/, 'must be the Rally ObjectID of the user (digits only)')
    .describe(description);

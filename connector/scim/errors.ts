/**
 * The SCIM domain's one error type (RFC 7644 §3.12): an HTTP status, an optional `scimType` and a
 * `detail` an Okta admin can act on. Rendered to the wire in exactly one place
 * (server/routes/scim/errors.ts), with `status` as a string as the RFC asks.
 */
export type ScimType =
  | 'invalidFilter'
  | 'tooMany'
  | 'uniqueness'
  | 'mutability'
  | 'invalidSyntax'
  | 'invalidPath'
  | 'noTarget'
  | 'invalidValue'
  | 'invalidVers'
  | 'sensitive';

export class ScimError extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
    readonly scimType?: ScimType,
    readonly headers?: Readonly<Record<string, string>>,
    options?: { cause?: unknown },
  ) {
    super(detail, options);
    this.name = 'ScimError';
  }
}

export const badRequest = (scimType: ScimType, detail: string) => new ScimError(400, detail, scimType);
export const notFound = (detail: string) => new ScimError(404, detail);

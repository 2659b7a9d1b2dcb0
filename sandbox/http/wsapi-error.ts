export type EnvelopeKind = 'QueryResult' | 'OperationResult' | 'CreateResult';

/**
 * An application error: rendered as HTTP 200 with a non-empty `Errors` (reference: Response envelopes),
 * unless `status` says otherwise. `envelope` overrides the route's envelope when the route is not known.
 */
export class WsapiError extends Error {
  override readonly name = 'WsapiError';

  constructor(
    readonly errors: readonly string[],
    readonly options: { warnings?: readonly string[]; envelope?: EnvelopeKind; status?: number } = {},
  ) {
    super(errors[0] ?? 'WSAPI error');
  }
}

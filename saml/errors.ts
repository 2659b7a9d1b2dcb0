/**
 * The one error type of the SAML domain: bad input the admin can fix (unreadable metadata, a
 * refused metadata URL, a malformed certificate). Validation findings are never errors — they are
 * checks in the report — so this only covers what stops us from producing a report at all.
 * Codes are stable and listed in docs/saml.md.
 */
export const SAML_ERROR_CODES = {
  SAML_METADATA_INVALID: 422,
  SAML_METADATA_TOO_LARGE: 413,
  SAML_METADATA_URL_REFUSED: 400,
  SAML_METADATA_FETCH_FAILED: 422,
  SAML_METADATA_TIMEOUT: 504,
  SAML_IDP_NOT_CONFIGURED: 409,
  SAML_CERT_INVALID: 422,
  SAML_KEY_INVALID: 422,
} as const;

export type SamlErrorCode = keyof typeof SAML_ERROR_CODES;

export class SamlError extends Error {
  readonly status: number;

  constructor(
    readonly code: SamlErrorCode,
    message: string,
    readonly details?: Readonly<Record<string, unknown>>,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'SamlError';
    this.status = SAML_ERROR_CODES[code];
  }
}

export function isSamlError(e: unknown): e is SamlError {
  return e instanceof SamlError;
}

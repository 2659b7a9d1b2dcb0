import { pino, type Logger, type DestinationStream } from 'pino';

export type { Logger };

/**
 * Paths pino blanks out wherever they appear. Rally credentials arrive in Authorization and
 * ZSESSIONID headers, Basic sessions ride on cookies, and SAML responses carry signed identities:
 * none of them may reach a log line.
 */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.zsessionid',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  '*.password',
  '*.Password',
  '*.apiKey',
  '*.token',
  '*.securityToken',
  '*.SecurityToken',
  '*.SAMLResponse',
  '*.samlResponse',
  '*.clientSecret',
  '*.cookie',
  // OAuth/OIDC material (server/auth); the code never logs it, this catches mistakes.
  '*.client_secret',
  '*.access_token',
  '*.accessToken',
  '*.id_token',
  '*.idToken',
  '*.refresh_token',
  '*.code_verifier',
];

export function createLogger(opts: { level: string; destination?: DestinationStream }): Logger {
  return pino(
    {
      level: opts.level,
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      base: { service: 'rally-okta-connector' },
    },
    opts.destination,
  );
}

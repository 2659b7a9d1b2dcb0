import { pino, type Logger, type DestinationStream } from 'pino';

export type { Logger };

/**
 * Paths pino blanks out wherever they appear. Rally credentials arrive in Authorization and
 * ZSESSIONID headers, Basic sessions ride on cookies, SAML responses carry signed identities and
 * SP private keys decrypt them: none of them may reach a log line.
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
  // Private keys (the SAML SP decryption key, as the API and node-saml name it). IdP certificates
  // are public and stay visible.
  '*.decryptionKey',
  '*.decryptionPvk',
  '*.privateKey',
  '*.privateKeyPem',
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

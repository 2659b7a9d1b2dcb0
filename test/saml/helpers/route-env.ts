import { expect } from 'chai';
import type { Express, Request } from 'express';
import request from 'supertest';
import type { RallyUserLookup } from '../../../saml/index.js';
import { samlApp } from './app.js';
import { buildResponse, toBase64, type ResponseSpec } from './build-response.js';
import { idpMetadataXml } from './idp-metadata.js';
import { makeTestCertificate, type TestKeyPair } from './keys.js';

export const PUBLIC_URL = 'https://rally-okta.example.com';
export const SP = { entityId: `${PUBLIC_URL}/saml/metadata`, acsUrl: `${PUBLIC_URL}/saml/acs` };
export const IDP = {
  entityId: 'http://www.okta.com/exkROUTES',
  ssoUrl: 'https://example.okta.com/app/rally/exkROUTES/sso/saml',
};

export interface RouteEnv {
  key: TestKeyPair;
  metadata: string;
  app: Express;
  /**
   * A signed response for the helper's own SP; remembered, with its NameID, so no log line may
   * contain either.
   */
  response(spec?: Partial<ResponseSpec>): string;
  /** A decryption key about to be sent; remembered so no log line may contain a slice of it. */
  decryptionKey(pem: string): string;
  loadIdp(): request.Test;
  useApp(opts: { lookupForRequest?: (req: Request) => RallyUserLookup | undefined }): void;
}

/** Registers the hooks of a route suite: a key and metadata once, a fresh app per test. */
export function routeEnv(): RouteEnv {
  /** Distinctive slices of what was sent that must never appear in a log line. */
  const secrets: string[] = [];
  let logs: string[] = [];
  const env = {
    response(spec: Partial<ResponseSpec> = {}) {
      const xml = buildResponse({
        key: env.key,
        acsUrl: SP.acsUrl,
        spEntityId: SP.entityId,
        issueInstant: new Date(),
        issuer: IDP.entityId,
        ...spec,
      });
      const b64 = toBase64(xml);
      secrets.push(b64.slice(0, 80));
      const nameId = /<saml2:NameID\b[^>]*>([^<]+)</.exec(xml)?.[1];
      if (nameId)
        secrets.push(
          nameId
            .replace(/&lt;/g, '<')
            .replace(/&quot;/g, '"')
            .replace(/&amp;/g, '&'),
        );
      return b64;
    },
    decryptionKey(pem: string) {
      // 48 characters from the middle of the base64 body: distinctive, and not a PEM header.
      const body = pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');
      const from = Math.max(0, Math.floor(body.length / 2) - 24);
      secrets.push(body.length >= 48 ? body.slice(from, from + 48) : pem);
      return pem;
    },
    loadIdp: () =>
      request(env.app)
        .post('/saml/idp')
        .set('content-type', 'application/samlmetadata+xml')
        .send(env.metadata)
        .expect(200),
    useApp(opts: { lookupForRequest?: (req: Request) => RallyUserLookup | undefined }) {
      ({ app: env.app, logs } = samlApp({ publicUrl: PUBLIC_URL, ...opts }));
    },
  } as RouteEnv;
  before(async function () {
    env.key = await makeTestCertificate({ days: 3650 });
    env.metadata = idpMetadataXml({ ...IDP, certPem: env.key.certPem });
  });
  beforeEach(function () {
    env.useApp({});
  });
  afterEach(function () {
    // No SAMLResponse, NameID or decryption key ever reaches a log line.
    const text = logs.join('\n');
    for (const secret of secrets) expect(text, 'a log line leaks what was sent').to.not.include(secret);
    secrets.length = 0;
  });
  return env;
}

/** The `{error: {code, message, status}}` shape, with nothing that looks like a stack or a path. */
export function expectErrorShape(
  body: { error: { code: string; message: string; status: number } },
  status: number,
  code: string,
): void {
  expect(body.error).to.include({ status, code });
  expect(body.error.message)
    .to.be.a('string')
    .and.not.match(/\/work\/|\bat [\w.]+ \(/);
}

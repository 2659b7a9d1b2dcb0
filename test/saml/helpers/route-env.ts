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
  /** A signed response for the helper's own SP; remembered so no log line may contain it. */
  response(spec?: Partial<ResponseSpec>): string;
  loadIdp(): request.Test;
  useApp(opts: { lookupForRequest?: (req: Request) => RallyUserLookup | undefined }): void;
}

/** Registers the hooks of a route suite: a key and metadata once, a fresh app per test. */
export function routeEnv(): RouteEnv {
  const sent: string[] = [];
  let logs: string[] = [];
  const env = {
    response(spec: Partial<ResponseSpec> = {}) {
      const b64 = toBase64(
        buildResponse({
          key: env.key,
          acsUrl: SP.acsUrl,
          spEntityId: SP.entityId,
          issueInstant: new Date(),
          issuer: IDP.entityId,
          ...spec,
        }),
      );
      sent.push(b64);
      return b64;
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
    // No SAMLResponse ever reaches a log line.
    for (const r of sent) expect(logs.join('\n')).to.not.include(r.slice(0, 80));
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

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inflateRawSync } from 'node:zlib';
import { DOMParser } from '@xmldom/xmldom';
import { buildResponse, OKTA_ISSUER, toBase64, type ResponseSpec } from './build-response.js';
import { idpMetadataXml } from './idp-metadata.js';
import type { TestKeyPair } from './keys.js';

/** What the next sign-in produces; change it between tests to make a check fail. */
export interface TestIdpBehaviour {
  response: Partial<Omit<ResponseSpec, 'key' | 'issueInstant'>>;
}

export interface TestIdp {
  readonly baseUrl: string;
  readonly entityId: string;
  readonly metadataXml: string;
  readonly behaviour: TestIdpBehaviour;
  /** AuthnRequest IDs received, in order. */
  readonly requests: string[];
  close(): Promise<void>;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/**
 * An in-process IdP for browser tests: serves Okta-shaped metadata, and at /sso reads the
 * HTTP-Redirect AuthnRequest and answers with a page that auto-posts a signed SAMLResponse to the
 * request's ACS (that page is the IdP's, so its small inline script is not under our CSP).
 */
export async function startTestIdp(key: TestKeyPair): Promise<TestIdp> {
  const behaviour: TestIdpBehaviour = { response: {} };
  const requests: string[] = [];
  const server = createServer((req, res) => handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const metadataXml = idpMetadataXml({
    entityId: OKTA_ISSUER,
    ssoUrl: `${baseUrl}/sso`,
    certPem: key.certPem,
  });

  function handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', baseUrl);
    if (url.pathname === '/metadata') {
      res.writeHead(200, { 'content-type': 'application/samlmetadata+xml' }).end(metadataXml);
      return;
    }
    if (url.pathname !== '/sso' || !url.searchParams.get('SAMLRequest')) {
      res.writeHead(404).end();
      return;
    }
    const xml = inflateRawSync(Buffer.from(url.searchParams.get('SAMLRequest')!, 'base64')).toString('utf8');
    const authn = new DOMParser().parseFromString(xml, 'text/xml').documentElement!;
    const id = authn.getAttribute('ID')!;
    const acsUrl = authn.getAttribute('AssertionConsumerServiceURL')!;
    const spEntityId = authn
      .getElementsByTagNameNS('urn:oasis:names:tc:SAML:2.0:assertion', 'Issuer')
      .item(0)!.textContent!;
    requests.push(id);
    const samlResponse = toBase64(
      buildResponse({
        key,
        acsUrl,
        spEntityId,
        inResponseTo: id,
        issueInstant: new Date(),
        ...behaviour.response,
      }),
    );
    const relayState = url.searchParams.get('RelayState') ?? '';
    res
      .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
      .end(
        `<!doctype html><html><head><title>Test IdP</title></head><body><form method="post" action="${esc(acsUrl)}"><input type="hidden" name="SAMLResponse" value="${esc(samlResponse)}"><input type="hidden" name="RelayState" value="${esc(relayState)}"><noscript><button type="submit">Continue</button></noscript></form><script>document.forms[0].submit();</script></body></html>`,
      );
  }

  return {
    baseUrl,
    entityId: OKTA_ISSUER,
    metadataXml,
    behaviour,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

import { createSignedXml } from '../../../saml/xml/c14n11.js';
import type { TestKeyPair } from './keys.js';

export const OKTA_ISSUER = 'http://www.okta.com/exkTEST0000000000001';
export const EMAIL_FORMAT = 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress';

export interface ResponseSpec {
  readonly key: TestKeyPair;
  readonly acsUrl: string;
  readonly spEntityId: string;
  readonly issueInstant: Date;
  readonly issuer?: string;
  /** null leaves the attribute or element out. */
  readonly destination?: string | null;
  readonly recipient?: string | null;
  readonly audience?: string | null;
  readonly inResponseTo?: string;
  readonly nameId?: string | null;
  readonly nameIdFormat?: string | null;
  readonly attributes?: Readonly<Record<string, string>>;
  readonly notBefore?: Date;
  readonly notOnOrAfter?: Date;
  readonly scdNotOnOrAfter?: Date | null;
  readonly status?: string;
  readonly assertionId?: string;
  readonly responseId?: string;
  readonly sign?: { readonly response?: boolean; readonly assertion?: boolean };
  readonly algorithm?: 'sha256' | 'sha1';
  readonly sessionNotOnOrAfter?: Date;
  /** Raw XML in place of the NameID (an EncryptedID, say). */
  readonly subjectId?: string;
  /** Canonicalization for SignedInfo and the reference (default exclusive C14N). */
  readonly c14n?: string;
  /** Raw attributes added to the Response element (xml:lang, say). */
  readonly responseAttributes?: string;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
const iso = (d: Date) => d.toISOString();
let counter = 0;
const id = (prefix: string) =>
  `${prefix}${Date.now().toString(36)}${(counter++).toString(36)}${Math.random().toString(36).slice(2, 10)}`;

/** Builds a response the way Okta does (± 5 min Conditions, both signed, exc-c14n, RSA-SHA256). */
export function buildResponse(spec: ResponseSpec): string {
  const t = spec.issueInstant.getTime();
  const issuer = spec.issuer ?? OKTA_ISSUER;
  const notBefore = spec.notBefore ?? new Date(t - 300_000);
  const notOnOrAfter = spec.notOnOrAfter ?? new Date(t + 300_000);
  const scdNotOnOrAfter = spec.scdNotOnOrAfter === undefined ? notOnOrAfter : spec.scdNotOnOrAfter;
  const destination = spec.destination === undefined ? spec.acsUrl : spec.destination;
  const recipient = spec.recipient === undefined ? spec.acsUrl : spec.recipient;
  const audience = spec.audience === undefined ? spec.spEntityId : spec.audience;
  const nameId = spec.nameId === undefined ? 'ada@example.com' : spec.nameId;
  const format = spec.nameIdFormat === undefined ? EMAIL_FORMAT : spec.nameIdFormat;
  const attributes = spec.attributes ?? { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com' };
  const irt = spec.inResponseTo ? ` InResponseTo="${esc(spec.inResponseTo)}"` : '';
  const assertionId = spec.assertionId ?? id('id');
  const responseId = spec.responseId ?? id('id');

  const assertion = `<saml2:Assertion xmlns:saml2="urn:oasis:names:tc:SAML:2.0:assertion" ID="${assertionId}" IssueInstant="${iso(spec.issueInstant)}" Version="2.0"><saml2:Issuer Format="urn:oasis:names:tc:SAML:2.0:nameid-format:entity">${esc(issuer)}</saml2:Issuer><saml2:Subject>${
    spec.subjectId ??
    (nameId === null
      ? ''
      : `<saml2:NameID${format ? ` Format="${format}"` : ''}>${esc(nameId)}</saml2:NameID>`)
  }<saml2:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml2:SubjectConfirmationData${irt}${
    scdNotOnOrAfter ? ` NotOnOrAfter="${iso(scdNotOnOrAfter)}"` : ''
  }${recipient === null ? '' : ` Recipient="${esc(recipient)}"`}/></saml2:SubjectConfirmation></saml2:Subject><saml2:Conditions NotBefore="${iso(notBefore)}" NotOnOrAfter="${iso(notOnOrAfter)}">${
    audience === null
      ? ''
      : `<saml2:AudienceRestriction><saml2:Audience>${esc(audience)}</saml2:Audience></saml2:AudienceRestriction>`
  }</saml2:Conditions><saml2:AuthnStatement AuthnInstant="${iso(spec.issueInstant)}" SessionIndex="${assertionId}"${
    spec.sessionNotOnOrAfter ? ` SessionNotOnOrAfter="${iso(spec.sessionNotOnOrAfter)}"` : ''
  }><saml2:AuthnContext><saml2:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml2:AuthnContextClassRef></saml2:AuthnContext></saml2:AuthnStatement><saml2:AttributeStatement>${Object.entries(
    attributes,
  )
    .map(
      ([n, v]) =>
        `<saml2:Attribute Name="${esc(n)}" NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:unspecified"><saml2:AttributeValue xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="xs:string">${esc(v)}</saml2:AttributeValue></saml2:Attribute>`,
    )
    .join('')}</saml2:AttributeStatement></saml2:Assertion>`;

  let xml = `<saml2p:Response xmlns:saml2p="urn:oasis:names:tc:SAML:2.0:protocol"${spec.responseAttributes ? ` ${spec.responseAttributes}` : ''}${destination === null ? '' : ` Destination="${esc(destination)}"`} ID="${responseId}"${irt} IssueInstant="${iso(spec.issueInstant)}" Version="2.0"><saml2:Issuer xmlns:saml2="urn:oasis:names:tc:SAML:2.0:assertion" Format="urn:oasis:names:tc:SAML:2.0:nameid-format:entity">${esc(issuer)}</saml2:Issuer><saml2p:Status><saml2p:StatusCode Value="${spec.status ?? 'urn:oasis:names:tc:SAML:2.0:status:Success'}"/></saml2p:Status>${assertion}</saml2p:Response>`;
  const sign = { response: true, assertion: true, ...spec.sign };
  if (sign.assertion) xml = signElement(xml, "//*[local-name(.)='Assertion']", spec);
  if (sign.response) xml = signElement(xml, "/*[local-name(.)='Response']", spec);
  return xml;
}

export const toBase64 = (xml: string) => Buffer.from(xml, 'utf8').toString('base64');

function signElement(xml: string, xpath: string, spec: ResponseSpec): string {
  const sha1 = spec.algorithm === 'sha1';
  const c14n = spec.c14n ?? 'http://www.w3.org/2001/10/xml-exc-c14n#';
  const sig = createSignedXml({
    privateKey: spec.key.keyPem,
    publicCert: spec.key.certPem,
    signatureAlgorithm: sha1
      ? 'http://www.w3.org/2000/09/xmldsig#rsa-sha1'
      : 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
    canonicalizationAlgorithm: c14n,
  });
  sig.addReference({
    xpath,
    transforms: ['http://www.w3.org/2000/09/xmldsig#enveloped-signature', c14n],
    digestAlgorithm: sha1
      ? 'http://www.w3.org/2000/09/xmldsig#sha1'
      : 'http://www.w3.org/2001/04/xmlenc#sha256',
  });
  sig.computeSignature(xml, {
    prefix: 'ds',
    location: { reference: `${xpath}/*[local-name(.)='Issuer']`, action: 'after' },
  });
  return sig.getSignedXml();
}

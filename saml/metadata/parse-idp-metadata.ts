import { BINDING, LIMITS, NAMEID_FORMAT, NS } from '../constants.js';
import { SamlError } from '../errors.js';
import { attr, childElements, path, text } from '../xml/dom.js';
import { parseXml } from '../xml/parse-xml.js';
import { readCertificate, type IdpCertificate } from './certificate.js';
import type { IdpConfig, SsoService } from './idp-config.js';
import { verifyMetadataSignature } from './metadata-signature.js';

/**
 * Reads IdP metadata (SAML metadata §2.4.3): entity ID, SSO endpoints for the Redirect and POST
 * bindings, signing certificates and NameID formats. Okta's metadata is one EntityDescriptor with
 * one IDPSSODescriptor; an EntitiesDescriptor is accepted when it holds exactly one IdP.
 */
export function parseIdpMetadata(xml: string): IdpConfig {
  const parsed = parseXml(xml, { maxBytes: LIMITS.metadataBytes, what: 'IdP metadata' });
  if (!parsed.ok) {
    const tooLarge = Buffer.byteLength(xml, 'utf8') > LIMITS.metadataBytes;
    throw new SamlError(tooLarge ? 'SAML_METADATA_TOO_LARGE' : 'SAML_METADATA_INVALID', parsed.reason);
  }
  const unverified = readMetadata(parsed.root);
  const signature = verifyMetadataSignature(xml, parsed.root, unverified.certificates);
  if (signature.status !== 'verified' || signature.signedXml === undefined)
    return { ...unverified, signature: signature.summary };
  // Values come from the bytes the signature covers, as for responses.
  const signed = parseXml(signature.signedXml, { maxBytes: Infinity, what: 'signed IdP metadata' });
  if (!signed.ok) fail(signed.reason);
  return { ...readMetadata(signed.root), signature: signature.summary };
}

function readMetadata(root: Element): Omit<IdpConfig, 'signature'> {
  const entity = pickEntity(root);
  const idp = childElements(entity, NS.metadata, 'IDPSSODescriptor')[0];
  if (!idp) fail('it has no IDPSSODescriptor: is this the metadata of an SP rather than of the Okta app?');
  const entityId = attr(entity, 'entityID')?.trim();
  if (!entityId) fail('the EntityDescriptor has no entityID.');

  const warnings: string[] = [];
  const ssoServices = readSsoServices(idp, warnings);
  const certificates = readSigningCertificates(idp);
  const nameIdFormats = childElements(idp, NS.metadata, 'NameIDFormat').flatMap((el) => text(el) || []);
  if (!(attr(idp, 'protocolSupportEnumeration') ?? '').includes(NS.protocol)) {
    warnings.push('The IDPSSODescriptor does not announce SAML 2.0 protocol support.');
  }
  const wantAuthnRequestsSigned = attr(idp, 'WantAuthnRequestsSigned') === 'true';
  if (wantAuthnRequestsSigned) {
    warnings.push(
      'The IdP wants signed AuthnRequests, but this helper sends unsigned ones, so "Test sign-in" will be refused. In Okta, turn "Signed Requests" off for the test.',
    );
  }
  if (nameIdFormats.length > 0 && !nameIdFormats.includes(NAMEID_FORMAT.email)) {
    warnings.push(
      `The app's NameID format is ${nameIdFormats.join(', ')}; Rally needs EmailAddress. In Okta, set "Name ID format" to EmailAddress.`,
    );
  }
  return { entityId, ssoServices, certificates, nameIdFormats, warnings, wantAuthnRequestsSigned };
}

function pickEntity(root: Element): Element {
  if (root.namespaceURI === NS.metadata && root.localName === 'EntityDescriptor') return root;
  if (root.namespaceURI === NS.metadata && root.localName === 'EntitiesDescriptor') {
    const idps = childElements(root, NS.metadata, 'EntityDescriptor').filter(
      (e) => childElements(e, NS.metadata, 'IDPSSODescriptor').length > 0,
    );
    if (idps.length === 1) return idps[0]!;
    fail(`it describes ${idps.length} identity providers; paste the metadata of the one Okta app.`);
  }
  fail(`its root element is <${root.localName}>, not an md:EntityDescriptor.`);
}

function readSsoServices(idp: Element, warnings: string[]): SsoService[] {
  const all = childElements(idp, NS.metadata, 'SingleSignOnService').map((el) => ({
    binding: attr(el, 'Binding') ?? '',
    location: (attr(el, 'Location') ?? '').trim(),
  }));
  const usable = [BINDING.redirect, BINDING.post].flatMap((b) => all.filter((s) => s.binding === b));
  // Validating a response needs the entity ID and certificates only; a test sign-in needs this.
  if (usable.length === 0) {
    warnings.push(`${NO_SSO_SERVICE} ${NO_SSO_FIX}`);
    return [];
  }
  for (const s of usable) {
    let url: URL;
    try {
      url = new URL(s.location);
    } catch {
      fail(`the SingleSignOnService Location "${s.location}" is not a URL.`);
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:')
      fail(`the SSO URL "${s.location}" is not http(s).`);
    if (url.protocol === 'http:') warnings.push(`The SSO URL ${s.location} is not https.`);
  }
  return usable;
}

function readSigningCertificates(idp: Element): IdpCertificate[] {
  const certs: IdpCertificate[] = [];
  for (const kd of childElements(idp, NS.metadata, 'KeyDescriptor')) {
    const use = attr(kd, 'use');
    if (use !== undefined && use !== 'signing') continue;
    const x509Data = path(kd, NS.dsig, 'KeyInfo', 'X509Data');
    if (!x509Data) continue;
    for (const x509 of childElements(x509Data, NS.dsig, 'X509Certificate')) {
      certs.push(
        readCertificate(text(x509) ?? '', `signing certificate #${certs.length + 1} in the metadata`),
      );
    }
  }
  if (certs.length === 0)
    fail('it has no signing certificate (KeyDescriptor use="signing" with an X509Certificate).');
  return certs;
}

/** Why metadata without an SSO endpoint cannot start a test sign-in (also GET /saml/login's refusal). */
export const NO_SSO_SERVICE =
  'The IdP metadata has no SingleSignOnService for the HTTP-Redirect or HTTP-POST binding, so an SP-initiated test sign-in cannot start; responses can still be validated.';
export const NO_SSO_FIX =
  'Load the complete metadata of the Okta app (Sign On tab → "Metadata URL"); its "Identity Provider Single Sign-On URL" is the SingleSignOnService.';

function fail(why: string): never {
  throw new SamlError('SAML_METADATA_INVALID', `The IdP metadata cannot be used: ${why}`);
}

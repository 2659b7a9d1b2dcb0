import { EMAIL_FORMAT } from './build-response.js';

/** IdP metadata shaped like Okta's (one signing certificate, Redirect and POST SSO endpoints). */
export function idpMetadataXml(opts: {
  entityId: string;
  ssoUrl: string;
  certPem: string;
  nameIdFormat?: string;
}): string {
  const cert = opts.certPem.replace(/-----(BEGIN|END) CERTIFICATE-----/g, '').replace(/\s+/g, '');
  // Okta wraps the base64 with spaces and line breaks; keep that quirk.
  const wrapped = cert.match(/.{1,64}/g)!.join('\n    ');
  return `<?xml version="1.0" encoding="UTF-8"?><md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="${opts.entityId}"><md:IDPSSODescriptor WantAuthnRequestsSigned="false" protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol"><md:KeyDescriptor use="signing"><ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:X509Data><ds:X509Certificate>
    ${wrapped}
</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor><md:NameIDFormat>${opts.nameIdFormat ?? EMAIL_FORMAT}</md:NameIDFormat><md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="${opts.ssoUrl}"/><md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="${opts.ssoUrl}"/></md:IDPSSODescriptor></md:EntityDescriptor>`;
}

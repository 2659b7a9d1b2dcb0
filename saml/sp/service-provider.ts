import { generateServiceProviderMetadata } from '@node-saml/node-saml';
import { NAMEID_FORMAT } from '../constants.js';

/** The helper's own test SP: the values an admin pastes into Okta. */
export interface ServiceProvider {
  /** Okta "Audience URI (SP Entity ID)". */
  readonly entityId: string;
  /** Okta "Single sign-on URL" (also Recipient and Destination). */
  readonly acsUrl: string;
  readonly metadataUrl: string;
  readonly loginUrl: string;
}

export function serviceProviderFor(publicUrl: string): ServiceProvider {
  const base = publicUrl.replace(/\/+$/, '');
  return Object.freeze({
    entityId: `${base}/saml/metadata`,
    acsUrl: `${base}/saml/acs`,
    metadataUrl: `${base}/saml/metadata`,
    loginUrl: `${base}/saml/login`,
  });
}

/**
 * SP metadata from node-saml: HTTP-POST ACS, NameID format emailAddress, WantAssertionsSigned.
 * The EntityDescriptor ID is derived from nothing random so the document is stable across calls.
 */
export function serviceProviderMetadata(sp: ServiceProvider): string {
  return generateServiceProviderMetadata({
    issuer: sp.entityId,
    callbackUrl: sp.acsUrl,
    identifierFormat: NAMEID_FORMAT.email,
    wantAssertionsSigned: true,
    generateUniqueId: () => '_rally-okta-saml-helper',
  });
}

import { SAML } from '@node-saml/node-saml';
import { BINDING, NAMEID_FORMAT } from '../constants.js';
import { SamlError } from '../errors.js';
import type { IdpConfig } from '../metadata/idp-config.js';
import { NO_SSO_FIX, NO_SSO_SERVICE } from '../metadata/parse-idp-metadata.js';
import type { ServiceProvider } from './service-provider.js';

export type AuthnRequestStart =
  | { readonly id: string; readonly binding: 'redirect'; readonly url: string }
  | {
      readonly id: string;
      readonly binding: 'post';
      readonly url: string;
      readonly fields: Readonly<Record<string, string>>;
    };

/**
 * Builds an SP-initiated AuthnRequest with node-saml. The ID comes from `newId` so the caller can
 * remember it for the InResponseTo check; HTTP-Redirect is preferred (what Okta lists first), and
 * HTTP-POST is used only when the IdP offers nothing else.
 */
export async function startAuthnRequest(
  sp: ServiceProvider,
  idp: IdpConfig,
  newId: () => string,
): Promise<AuthnRequestStart> {
  const redirect = idp.ssoServices.find((s) => s.binding === BINDING.redirect);
  const post = idp.ssoServices.find((s) => s.binding === BINDING.post);
  const target = redirect ?? post;
  if (!target) throw new SamlError('SAML_METADATA_INVALID', `${NO_SSO_SERVICE} ${NO_SSO_FIX}`);
  let id = '';
  const saml = new SAML({
    entryPoint: target.location,
    issuer: sp.entityId,
    callbackUrl: sp.acsUrl,
    idpCert: idp.certificates.map((c) => c.pem),
    identifierFormat: NAMEID_FORMAT.email,
    // The POST binding carries the request uncompressed (SAML bindings §3.5.4).
    skipRequestCompression: !redirect,
    generateUniqueId: () => (id = newId()),
  });
  if (redirect) {
    const url = await saml.getAuthorizeUrlAsync('', undefined, {});
    return { id, binding: 'redirect', url };
  }
  const message = await saml.getAuthorizeMessageAsync('', undefined, {});
  const fields: Record<string, string> = {};
  for (const [k, v] of Object.entries(message)) if (typeof v === 'string' && v !== '') fields[k] = v;
  return { id, binding: 'post', url: target.location, fields };
}

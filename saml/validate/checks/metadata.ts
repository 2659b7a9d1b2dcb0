import { BINDING } from '../../constants.js';
import type { CheckResult } from '../check-ids.js';
import { skip, type Check } from '../context.js';
import { FIX } from '../fixes.js';
import { NO_SSO_FIX, NO_SSO_SERVICE } from '../../metadata/parse-idp-metadata.js';

const FROM_CERTIFICATE = 'Not checked: the IdP was given as a certificate, not as metadata.';
const SHA1 = /#(rsa-)?sha1$/;
const short = (uris: readonly string[]) => uris.map((a) => a.replace(/^.*#/, '')).join(', ');

/** Signed metadata must verify; unsigned metadata is reported (Okta does not sign app metadata). */
export const checkMetadataSignature: Check = (ctx) => {
  const metadata = ctx.opts.idp.metadata;
  if (!metadata) return skip('metadata-signature', FROM_CERTIFICATE);
  const { status, detail, algorithms } = metadata.signature;
  const actual = status === 'unsigned' ? 'unsigned' : `${status} (${short(algorithms)})`;
  if (status === 'unsigned') return skip('metadata-signature', detail);
  if (status === 'invalid')
    return {
      id: 'metadata-signature',
      status: 'fail',
      message: `${detail} Its certificates cannot be trusted.`,
      actual,
      fix: 'Download the metadata again from the Okta app (Sign On tab → “Metadata URL”) and load it unchanged.',
    };
  return { id: 'metadata-signature', status: 'pass', message: detail, actual };
};

/**
 * The signing the metadata implies besides the response's own (which `algorithms` checks): the
 * metadata's signature, and whether the IdP insists on signed AuthnRequests, which this helper's
 * test sign-in does not send.
 */
export const checkMetadataAlgorithms: Check = (ctx): CheckResult => {
  const metadata = ctx.opts.idp.metadata;
  if (!metadata) return skip('metadata-algorithms', FROM_CERTIFICATE);
  const used = metadata.signature.algorithms;
  const actual = [
    used.length ? `metadata signed with ${short(used)}` : 'metadata unsigned',
    `AuthnRequests ${metadata.wantAuthnRequestsSigned ? 'must be signed' : 'unsigned'}`,
  ].join('; ');
  if (used.some((a) => SHA1.test(a)))
    return {
      id: 'metadata-algorithms',
      status: 'warn',
      message: `The metadata is signed with SHA-1 (${short(used)}), which is deprecated.`,
      expected: 'rsa-sha256, sha256',
      actual,
      fix: FIX.algorithms,
    };
  if (metadata.wantAuthnRequestsSigned)
    return {
      id: 'metadata-algorithms',
      status: 'warn',
      message:
        'The IdP wants signed AuthnRequests (WantAuthnRequestsSigned="true"), but this helper sends unsigned ones, so its test sign-in will be refused. Responses still validate.',
      expected: 'WantAuthnRequestsSigned="false"',
      actual,
      fix: 'In Okta, turn “Signed Requests” off for the test (General → SAML Settings → Show Advanced Settings).',
    };
  return {
    id: 'metadata-algorithms',
    status: 'pass',
    message: `${used.length ? `The metadata is signed with ${short(used)}; ` : ''}the IdP accepts the unsigned AuthnRequests this helper sends.`,
    actual,
  };
};

/** Validating needs no SSO endpoint; an SP-initiated test sign-in (GET /saml/login) does. */
export const checkSsoService: Check = (ctx) => {
  const metadata = ctx.opts.idp.metadata;
  if (!metadata) return skip('sso-service', FROM_CERTIFICATE);
  const service =
    metadata.ssoServices.find((s) => s.binding === BINDING.redirect) ??
    metadata.ssoServices.find((s) => s.binding === BINDING.post);
  if (!service)
    return {
      id: 'sso-service',
      status: 'warn',
      message: NO_SSO_SERVICE,
      expected: 'a SingleSignOnService (HTTP-Redirect or HTTP-POST)',
      actual: '(none)',
      fix: NO_SSO_FIX,
    };
  const binding = service.binding === BINDING.redirect ? 'HTTP-Redirect' : 'HTTP-POST';
  return {
    id: 'sso-service',
    status: 'pass',
    message: `SP-initiated test sign-in goes to ${service.location} (${binding}).`,
    actual: service.location,
  };
};

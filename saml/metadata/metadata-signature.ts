import { NS } from '../constants.js';
import { attr, childElements, descendants } from '../xml/dom.js';
import { verifyEnvelopedSignature } from '../xml/verify-enveloped.js';
import type { IdpCertificate } from './certificate.js';
import type { MetadataSignature } from './idp-config.js';

/**
 * Verifies a signed metadata document (SAML metadata §3: an enveloped signature on the root) with
 * the signing certificates the metadata itself lists. With no separately trusted metadata key,
 * this proves the document is intact and signed by the holder of the IdP's signing key: a
 * document changed in transit, or signed by another key, fails. Okta does not sign app metadata.
 */
export function verifyMetadataSignature(
  xml: string,
  root: Element,
  certificates: readonly IdpCertificate[],
): { summary: MetadataSignature; status: MetadataSignature['status']; signedXml?: string } {
  const signature = childElements(root, NS.dsig, 'Signature')[0];
  if (!signature) {
    const summary = {
      status: 'unsigned' as const,
      detail: 'The metadata is not signed (Okta does not sign app metadata).',
      algorithms: [],
    };
    return { summary, status: summary.status };
  }
  const info = childElements(signature, NS.dsig, 'SignedInfo')[0];
  const algorithms = info
    ? [
        ...childElements(info, NS.dsig, 'SignatureMethod'),
        ...descendants(info, NS.dsig, 'DigestMethod'),
      ].flatMap((m) => attr(m, 'Algorithm') ?? [])
    : [];
  const outcome = verifyEnvelopedSignature(
    xml,
    root,
    certificates.map((c) => c.pem),
  );
  if (!outcome.ok) {
    const summary = {
      status: 'invalid' as const,
      detail: `The metadata's signature does not verify with the signing certificates it lists (${outcome.reason}): it was altered after signing, or another key signed it.`,
      algorithms,
    };
    return { summary, status: summary.status };
  }
  const cert = certificates.find((c) => c.pem === outcome.pem);
  const summary = {
    status: 'verified' as const,
    detail: `The metadata's signature verifies with its signing certificate${cert?.sha256Fingerprint ? ` (SHA-256 ${cert.sha256Fingerprint})` : ''}.`,
    algorithms,
  };
  return { summary, status: summary.status, signedXml: outcome.signedXml };
}

import { CERT_WARN_DAYS } from '../constants.js';
import { summarizeCertificate, type CertificateSummary, type IdpCertificate } from './certificate.js';

export interface SsoService {
  readonly binding: string;
  readonly location: string;
}

/** Whether the metadata document was signed, and whether that signature verified. */
export interface MetadataSignature {
  readonly status: 'unsigned' | 'verified' | 'invalid';
  /** Why it did not verify, or which listed certificate it verified with. */
  readonly detail: string;
  /** SignatureMethod and DigestMethod algorithm URIs of the metadata's own signature. */
  readonly algorithms: readonly string[];
}

/** The IdP to test against, as read from its metadata (or from a bare certificate). */
export interface IdpConfig {
  readonly entityId?: string;
  readonly ssoServices: readonly SsoService[];
  readonly certificates: readonly IdpCertificate[];
  readonly nameIdFormats: readonly string[];
  /** Findings that do not depend on the date; certificate expiry is added by `summarizeIdp`. */
  readonly warnings: readonly string[];
  /** Absent for a configuration built from a bare certificate. */
  readonly signature?: MetadataSignature;
  readonly wantAuthnRequestsSigned?: boolean;
}

/** What the report's metadata checks read: present when the IdP came from metadata. */
export type IdpMetadataFacts = Required<
  Pick<IdpConfig, 'ssoServices' | 'signature' | 'wantAuthnRequestsSigned'>
>;

export interface ValidationIdp {
  readonly certificates: readonly IdpCertificate[];
  readonly entityId?: string;
  readonly metadata?: IdpMetadataFacts;
}

/** The `idp` validation option for an IdP read from metadata (or a bare certificate). */
export function validationIdp(
  idp: Pick<IdpConfig, 'certificates' | 'entityId'> & Partial<IdpConfig>,
): ValidationIdp {
  return {
    certificates: idp.certificates,
    ...(idp.entityId !== undefined && { entityId: idp.entityId }),
    ...(idp.signature !== undefined && {
      metadata: {
        ssoServices: idp.ssoServices ?? [],
        signature: idp.signature,
        wantAuthnRequestsSigned: idp.wantAuthnRequestsSigned ?? false,
      },
    }),
  };
}

/** What `POST /saml/idp` answers and the admin page shows. */
export interface IdpSummary {
  readonly entityId: string | null;
  readonly ssoUrl: string | null;
  readonly bindings: readonly SsoService[];
  readonly certificates: readonly CertificateSummary[];
  readonly nameIdFormats: readonly string[];
  readonly warnings: readonly string[];
}

export function summarizeIdp(idp: IdpConfig, now: Date): IdpSummary {
  const certificates = idp.certificates.flatMap((c) => summarizeCertificate(c, now) ?? []);
  const expiry = certificates.flatMap((c) =>
    c.daysToExpiry < 0
      ? [
          `The signing certificate ${c.sha256Fingerprint.slice(0, 23)}… expired on ${c.notAfter.slice(0, 10)}.`,
        ]
      : c.daysToExpiry < CERT_WARN_DAYS
        ? [
            `The signing certificate ${c.sha256Fingerprint.slice(0, 23)}… expires in ${c.daysToExpiry} days (${c.notAfter.slice(0, 10)}).`,
          ]
        : [],
  );
  return {
    entityId: idp.entityId ?? null,
    ssoUrl: idp.ssoServices[0]?.location ?? null,
    bindings: idp.ssoServices,
    certificates,
    nameIdFormats: idp.nameIdFormats,
    warnings: [
      ...idp.warnings,
      ...(idp.signature?.status === 'invalid' ? [idp.signature.detail] : []),
      ...expiry,
    ],
  };
}

import { X509Certificate, createPrivateKey, createPublicKey } from 'node:crypto';
import { SamlError } from '../errors.js';

/** An IdP signing key as we keep it: PEM for node-saml, plus dates when it is a real certificate. */
export interface IdpCertificate {
  readonly pem: string;
  /** Base64 DER of the certificate, whitespace-free (compared with a signature's KeyInfo). */
  readonly der?: string;
  readonly subject?: string;
  readonly notBefore?: Date;
  readonly notAfter?: Date;
  readonly sha256Fingerprint?: string;
}

export interface CertificateSummary {
  readonly subject: string;
  readonly notBefore: string;
  readonly notAfter: string;
  readonly sha256Fingerprint: string;
  readonly daysToExpiry: number;
}

const DAY_MS = 86_400_000;

/**
 * Reads a certificate as Okta hands it out: a PEM file, the bare base64 from metadata (Okta wraps
 * it with spaces and newlines, which must go), or a SPKI public key PEM (no dates then).
 */
export function readCertificate(input: string, what = 'IdP certificate'): IdpCertificate {
  const trimmed = input.trim();
  if (/-----BEGIN PUBLIC KEY-----/.test(trimmed)) {
    try {
      const pem = createPublicKey(trimmed).export({ type: 'spki', format: 'pem' }).toString();
      return { pem };
    } catch (err) {
      throw invalid(what, 'the public key could not be read', err);
    }
  }
  const pemBody = /-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/.exec(trimmed)?.[1];
  const base64 = (pemBody ?? trimmed).replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(base64)) throw invalid(what, 'it is neither PEM nor base64');
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(Buffer.from(base64, 'base64'));
  } catch (err) {
    throw invalid(what, 'it is not an X.509 certificate', err);
  }
  return {
    pem: `-----BEGIN CERTIFICATE-----\n${base64.match(/.{1,64}/g)!.join('\n')}\n-----END CERTIFICATE-----\n`,
    der: base64,
    subject: cert.subject.split('\n').join(', '),
    notBefore: new Date(cert.validFrom),
    notAfter: new Date(cert.validTo),
    sha256Fingerprint: cert.fingerprint256,
  };
}

export function summarizeCertificate(cert: IdpCertificate, now: Date): CertificateSummary | undefined {
  if (!cert.notBefore || !cert.notAfter || !cert.subject || !cert.sha256Fingerprint) return undefined;
  return {
    subject: cert.subject,
    notBefore: cert.notBefore.toISOString(),
    notAfter: cert.notAfter.toISOString(),
    sha256Fingerprint: cert.sha256Fingerprint,
    daysToExpiry: daysBetween(now, cert.notAfter),
  };
}

/** Whole days from `from` to `to`, rounded down (negative once `to` has passed). */
export function daysBetween(from: Date, to: Date): number {
  return Math.floor((to.getTime() - from.getTime()) / DAY_MS);
}

function invalid(what: string, why: string, cause?: unknown): SamlError {
  return new SamlError(
    'SAML_CERT_INVALID',
    `The ${what} could not be read: ${why}. Paste the certificate from Okta (Sign On → SAML Signing Certificates → Download) as PEM.`,
    undefined,
    { cause },
  );
}

/** Checks an SP decryption key is a readable private key before node-saml tries to use it. */
export function readDecryptionKey(pem: string): string {
  try {
    createPrivateKey(pem);
    return pem;
  } catch (err) {
    throw new SamlError(
      'SAML_KEY_INVALID',
      'The decryption key could not be read. Send the SP private key as PEM (-----BEGIN PRIVATE KEY-----), the one whose certificate Okta encrypts to.',
      undefined,
      { cause: err },
    );
  }
}

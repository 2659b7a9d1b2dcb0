import { readFileSync } from 'node:fs';
import {
  parseIdpMetadata,
  readCertificate,
  validationIdp,
  type ValidateOptions,
} from '../../../saml/index.js';
import { idpMetadataXml } from './idp-metadata.js';

/** The shared corpus, read in place (never copied): ../shared/corpus/saml from the repo root. */
export const CORPUS = new URL('../../../../shared/corpus/saml/', import.meta.url);

export interface CorpusCase {
  readonly id: string;
  readonly file: string;
  readonly encoding: 'xml' | 'base64' | 'base64-deflate';
  readonly idpCertFile?: string;
  readonly idpMetadataFile?: string;
  readonly decryptionKeyFile?: string;
  readonly idpEntityId: string;
  readonly spEntityId: string;
  readonly acsUrl: string;
  readonly requestId?: string;
  readonly at: string;
  readonly expect: 'valid' | 'invalid';
  readonly expectReason: string;
  readonly expectWarnings?: readonly string[];
  readonly caveats: readonly string[];
  readonly origin?: string;
}

export const corpusText = (file: string) => readFileSync(new URL(file, CORPUS), 'utf8');

export function loadManifest(): CorpusCase[] {
  return JSON.parse(corpusText('MANIFEST.json')) as CorpusCase[];
}

/** The SAMLResponse as a browser would post it (XML files are base64-encoded first). */
export function corpusResponse(c: CorpusCase): string {
  const text = corpusText(c.file);
  return c.encoding === 'xml' ? Buffer.from(text, 'utf8').toString('base64') : text;
}

const SSO_SERVICE = /<(\w+:)?SingleSignOnService\b[^>]*?(\/>|>[\s\S]*?<\/\1SingleSignOnService>)/g;

/**
 * The case's IdP as metadata: its own metadata file, or Okta-shaped metadata around its
 * certificate; `withSso: false` removes every SingleSignOnService (trimmed or IdP-initiated-only
 * metadata), which must not change any verdict.
 */
export function corpusMetadata(c: CorpusCase, withSso: boolean): string {
  const xml = c.idpMetadataFile
    ? corpusText(c.idpMetadataFile)
    : idpMetadataXml({
        entityId: c.idpEntityId.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;'),
        ssoUrl: 'https://idp.example.com/sso/saml',
        certPem: corpusText(c.idpCertFile!),
      });
  return withSso ? xml : xml.replace(SSO_SERVICE, '');
}

/**
 * Validation options as the MANIFEST gives them: certificate (or, with `metadataXml`, the IdP
 * read from that metadata), entity IDs, ACS, time.
 */
export function corpusOptions(c: CorpusCase, now: Date, metadataXml?: string): ValidateOptions {
  const idp =
    metadataXml !== undefined
      ? validationIdp(parseIdpMetadata(metadataXml))
      : {
          certificates: c.idpCertFile
            ? [readCertificate(corpusText(c.idpCertFile))]
            : parseIdpMetadata(corpusText(c.idpMetadataFile!)).certificates,
        };
  return {
    idp: { ...idp, entityId: c.idpEntityId },
    sp: { entityId: c.spEntityId, acsUrl: c.acsUrl },
    at: new Date(c.at),
    now,
    // The corpus is not Rally-shaped (no firstName/lastName/email); its cases test SAML itself.
    profile: 'generic',
    ...(c.requestId !== undefined && { requestId: c.requestId }),
    ...(c.decryptionKeyFile !== undefined && { decryptionKey: corpusText(c.decryptionKeyFile) }),
  };
}

import type { Request } from 'express';
import { z } from 'zod';
import {
  parseIdpMetadata,
  readCertificate,
  SamlError,
  type IdpConfig,
  type IdpStore,
  type MetadataFetcher,
  type ValidateOptions,
  validationIdp,
} from '../../saml/index.js';
import { ApiError } from '../errors.js';

/** Form fields arrive as strings, empty when left blank: treat blank as absent. */
const optionalText = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

const validateJson = z.strictObject({
  samlResponse: z.string().min(1),
  idpMetadataXml: z.string().min(1).optional(),
  idpCert: z.string().min(1).optional(),
  idpEntityId: z.string().min(1).optional(),
  spEntityId: z.string().min(1).optional(),
  acsUrl: z.string().min(1).optional(),
  at: z.iso.datetime({ offset: true }).optional(),
  decryptionKey: z.string().min(1).optional(),
  requestId: z.string().min(1).optional(),
  profile: z.enum(['rally', 'generic']).optional(),
  rally: z.strictObject({ check: z.boolean() }).optional(),
});

const validateForm = z.object({
  samlResponse: z.string().min(1),
  spEntityId: optionalText,
  acsUrl: optionalText,
  at: optionalText.pipe(z.iso.datetime({ offset: true }).optional()),
});

const idpJson = z.strictObject({
  metadataXml: z.string().min(1).optional(),
  metadataUrl: z.string().min(1).optional(),
});
const idpForm = z.object({ metadataXml: optionalText, metadataUrl: optionalText });

export interface ValidateRequest {
  readonly samlResponse: string;
  readonly options: Omit<ValidateOptions, 'now' | 'tracker' | 'rallyLookup'>;
  readonly rallyCheck: boolean;
  /** Echoed back into the page's form (never the response itself). */
  readonly form: { spEntityId?: string; acsUrl?: string; at?: string };
}

/** Reads `POST /saml/validate` (JSON API, or the page's paste form) into validation options. */
export async function readValidateRequest(
  req: Request,
  defaults: { sp: { entityId: string; acsUrl: string }; idpStore: IdpStore; now: () => Date },
): Promise<ValidateRequest> {
  const isForm = req.is('application/x-www-form-urlencoded') === 'application/x-www-form-urlencoded';
  if (!isForm && req.is('application/json') !== 'application/json')
    throw unsupported('JSON (or the helper page’s form)');
  const body = parse(isForm ? validateForm : validateJson, req.body);
  const json = isForm ? undefined : (body as z.infer<typeof validateJson>);
  if (json?.idpMetadataXml && json.idpCert) throw invalid('Give idpMetadataXml or idpCert, not both.');
  const idp = json?.idpMetadataXml
    ? parseIdpMetadata(json.idpMetadataXml)
    : json?.idpCert
      ? {
          certificates: [readCertificate(json.idpCert)],
          ...(json.idpEntityId && { entityId: json.idpEntityId }),
        }
      : await storedIdp(defaults.idpStore);
  return {
    samlResponse: body.samlResponse,
    options: {
      idp: validationIdp(idp),
      sp: { entityId: body.spEntityId ?? defaults.sp.entityId, acsUrl: body.acsUrl ?? defaults.sp.acsUrl },
      at: body.at ? new Date(body.at) : defaults.now(),
      // Checked by validateSamlResponse (SAML_KEY_INVALID), as for the CLI.
      ...(json?.decryptionKey && { decryptionKey: json.decryptionKey }),
      ...(json?.requestId && { requestId: json.requestId }),
      ...(json?.profile && { profile: json.profile }),
    },
    rallyCheck: json?.rally?.check === true,
    form: {
      ...(body.spEntityId && { spEntityId: body.spEntityId }),
      ...(body.acsUrl && { acsUrl: body.acsUrl }),
      ...(body.at && { at: body.at }),
    },
  };
}

/** Reads `POST /saml/idp`: metadata XML as the body, JSON {metadataXml} or {metadataUrl}, or the form. */
export async function readIdpRequest(req: Request, fetchMetadata: MetadataFetcher): Promise<IdpConfig> {
  if (typeof req.body === 'string') return loadable(parseIdpMetadata(req.body));
  const isForm = req.is('application/x-www-form-urlencoded') === 'application/x-www-form-urlencoded';
  if (!isForm && req.is('application/json') !== 'application/json') {
    throw unsupported(
      'application/samlmetadata+xml or text/xml (the metadata itself), or JSON {metadataXml} or {metadataUrl}',
    );
  }
  const body = parse(isForm ? idpForm : idpJson, req.body);
  if (!body.metadataXml === !body.metadataUrl)
    throw invalid('Give exactly one of metadataXml (the XML) or metadataUrl (Okta’s https metadata URL).');
  return loadable(parseIdpMetadata(body.metadataXml ?? (await fetchMetadata(body.metadataUrl!))));
}

/** Metadata whose own signature fails is not stored: every later test sign-in would trust it. */
function loadable(idp: IdpConfig): IdpConfig {
  if (idp.signature?.status === 'invalid')
    throw new SamlError('SAML_METADATA_INVALID', `The IdP metadata cannot be used: ${idp.signature.detail}`);
  return idp;
}

async function storedIdp(store: IdpStore): Promise<IdpConfig> {
  const idp = await store.get();
  if (!idp) {
    throw new SamlError(
      'SAML_IDP_NOT_CONFIGURED',
      'No IdP to validate against: send idpMetadataXml or idpCert, or load the Okta app’s metadata first (POST /saml/idp).',
    );
  }
  return idp;
}

function parse<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  const result = schema.safeParse(body ?? {});
  if (result.success) return result.data;
  const issues = result.error.issues.map((i) => ({ path: i.path.join('.') || '(body)', message: i.message }));
  throw new ApiError(
    400,
    'INVALID_REQUEST',
    `The request is not valid: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}.`,
    { issues },
  );
}

const invalid = (message: string) => new ApiError(400, 'INVALID_REQUEST', message);

const unsupported = (what: string) =>
  new ApiError(415, 'UNSUPPORTED_MEDIA_TYPE', `Send the body as ${what}.`);

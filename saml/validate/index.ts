import { DEFAULT_CLOCK_SKEW_MS, MAX_ASSERTION_WINDOW_MS, NS } from '../constants.js';
import { readDecryptionKey } from '../metadata/certificate.js';
import type { SamlReport } from '../report/model.js';
import { attr, path, text } from '../xml/dom.js';
import type { CheckId } from './check-ids.js';
import { bearerConfirmationData, nameIdOf, type Check, type ValidationContext } from './context.js';
import { parseInstant } from './datetime.js';
import { decodeSamlResponse } from './decode.js';
import type { ValidateOptions } from './options.js';
import { readRawResponse } from './read-response.js';
import { attributeValues } from './read-assertion.js';
import { decryptNameId } from './decrypt-nameid.js';
import { verifySignatures } from './verify-signature.js';
import { checkCertificateExpiry } from './checks/certificate.js';
import { checkAudience, checkDestination, checkRecipient } from './checks/endpoints.js';
import { checkAssertionCount, checkXml } from './checks/input.js';
import { checkIssuer } from './checks/issuer.js';
import { checkNameId, checkNameIdFormat, checkRallyUsername } from './checks/nameid.js';
import { checkRallyAttributes, checkRallyUser } from './checks/rally.js';
import { answeredRequest, checkInResponseTo, checkReplay } from './checks/request.js';
import { checkAlgorithms, checkSignature, checkSignatureCoverage } from './checks/signature.js';
import { checkMetadataAlgorithms, checkMetadataSignature, checkSsoService } from './checks/metadata.js';
import { checkSessionLifetime } from './checks/session.js';
import { checkEncryptedNameId } from './checks/encrypted-nameid.js';
import { checkStatus } from './checks/status.js';
import { checkSubjectConfirmation } from './checks/subject-confirmation.js';
import { checkTimeWindow } from './checks/time.js';

/** The checks in report order; a test holds this list equal to CHECK_IDS. */
export const CHECKS: ReadonlyArray<readonly [CheckId, Check]> = [
  ['xml', checkXml],
  ['status', checkStatus],
  ['signature', checkSignature],
  ['signature-coverage', checkSignatureCoverage],
  ['assertion-count', checkAssertionCount],
  ['issuer', checkIssuer],
  ['destination', checkDestination],
  ['recipient', checkRecipient],
  ['audience', checkAudience],
  ['time-window', checkTimeWindow],
  ['subject-confirmation', checkSubjectConfirmation],
  ['session-lifetime', checkSessionLifetime],
  ['in-response-to', checkInResponseTo],
  ['replay', checkReplay],
  ['encrypted-nameid', checkEncryptedNameId],
  ['nameid', checkNameId],
  ['nameid-format', checkNameIdFormat],
  ['certificate-expiry', checkCertificateExpiry],
  ['algorithms', checkAlgorithms],
  ['metadata-signature', checkMetadataSignature],
  ['metadata-algorithms', checkMetadataAlgorithms],
  ['sso-service', checkSsoService],
  ['rally-attributes', checkRallyAttributes],
  ['rally-username', checkRallyUsername],
  ['rally-user', checkRallyUser],
];

/**
 * Validates a SAMLResponse (base64, as posted) and reports every check. Signatures are verified
 * by node-saml; every value a check passes on comes from the XML that signature verification
 * returned. Stateful steps (request IDs, replay, the Rally lookup) run only on verified input.
 * Throws SamlError SAML_KEY_INVALID when a decryption key is given that is not a private key.
 */
export async function validateSamlResponse(
  samlResponse: string,
  options: ValidateOptions,
): Promise<SamlReport> {
  // An unreadable key is an input error (SAML_KEY_INVALID) for every caller, CLI and API alike,
  // not a decryption failure buried in the report.
  if (options.decryptionKey !== undefined) readDecryptionKey(options.decryptionKey);
  const ctx = await gather(samlResponse, {
    ...options,
    clockSkewMs: options.clockSkewMs ?? DEFAULT_CLOCK_SKEW_MS,
    profile: options.profile ?? 'rally',
  });
  const checks = CHECKS.map(([, check]) => check(ctx));
  const trusted = ctx.assertionTrusted ? ctx.assertion : undefined;
  const nameId = ctx.assertionTrusted ? nameIdOf(ctx) : undefined;
  return {
    // Nothing is valid unless a signature vouched for the assertion, whatever the checks say.
    valid: ctx.assertionTrusted && checks.every((c) => c.status !== 'fail'),
    subject: {
      nameId: text(nameId) || null,
      nameIdFormat: attr(nameId, 'Format') ?? null,
      attributes: attributeValues(trusted),
    },
    checks,
    evaluatedAt: ctx.opts.at.toISOString(),
    idpInitiated: ctx.assertionTrusted && answeredRequest(ctx).id === undefined,
  };
}

async function gather(samlResponse: string, opts: ValidationContext['opts']): Promise<ValidationContext> {
  const base = { opts, responseTrusted: false, assertionTrusted: false };
  const decoded = decodeSamlResponse(samlResponse);
  if (!decoded.ok) return { ...base, decodeNotes: [], inputProblem: decoded.reason };
  const read = readRawResponse(decoded.xml);
  if (!read.ok) return { ...base, decodeNotes: decoded.notes, inputProblem: read.reason };
  const raw = read.raw;
  const unverified: ValidationContext = {
    ...base,
    decodeNotes: decoded.notes,
    raw,
    response: raw.root,
    ...(raw.assertions[0] && { assertion: raw.assertions[0] }),
  };
  // node-saml counts assertions by local name; so does raw.assertionCount.
  if (raw.assertionCount !== 1 || raw.foreignAssertions.length > 0) return unverified;
  const signature = await verifySignatures(raw, {
    certificates: opts.idp.certificates,
    ...(opts.decryptionKey !== undefined && { decryptionKey: opts.decryptionKey }),
  });
  if (!signature.ok) return { ...unverified, signature };
  const encryptedNameId = await decryptNameId(signature.assertion, opts.decryptionKey);
  const verified: ValidationContext = {
    ...unverified,
    signature,
    response: signature.response ?? raw.root,
    responseTrusted: signature.response !== undefined,
    assertion: signature.assertion,
    assertionTrusted: true,
    ...(encryptedNameId && { encryptedNameId }),
  };
  return { ...verified, ...(await track(verified)), ...(await lookUpRallyUser(verified)) };
}

async function track(ctx: ValidationContext): Promise<Partial<ValidationContext>> {
  const tracker = ctx.opts.tracker;
  if (!tracker || !ctx.assertion) return {};
  const { id } = answeredRequest(ctx);
  const request = id === undefined ? undefined : { id, ...(await tracker.takeRequest(id)) };
  const assertionId = attr(ctx.assertion, 'ID');
  const assertionReplayed = assertionId
    ? await tracker.recordAssertion(assertionId, rememberUntil(ctx))
    : false;
  return { ...(request && { request }), assertionReplayed };
}

/**
 * Keep an assertion ID as long as the assertion could still pass the time checks. The cap is the
 * longest window time-window accepts (MAX_ASSERTION_WINDOW_MS) plus the tolerance either side, so
 * it never ends before an accepted assertion's NotOnOrAfter.
 */
function rememberUntil(ctx: ValidationContext): Date {
  const bounds = [
    attr(path(ctx.assertion, NS.assertion, 'Conditions'), 'NotOnOrAfter'),
    attr(bearerConfirmationData(ctx.assertion, ctx.opts.sp.acsUrl), 'NotOnOrAfter'),
  ].flatMap((v) => {
    const parsed = v === undefined ? undefined : parseInstant('NotOnOrAfter', v);
    return parsed?.ok ? [parsed.date.getTime()] : [];
  });
  const now = ctx.opts.now.getTime();
  const until = bounds.length ? Math.max(...bounds) + ctx.opts.clockSkewMs : now + 10 * 60_000;
  const retention = MAX_ASSERTION_WINDOW_MS + 2 * ctx.opts.clockSkewMs;
  return new Date(Math.min(Math.max(until, now), now + retention));
}

async function lookUpRallyUser(ctx: ValidationContext): Promise<Partial<ValidationContext>> {
  const lookup = ctx.opts.rallyLookup;
  const nameId = text(nameIdOf(ctx));
  if (!lookup || ctx.opts.profile !== 'rally' || !nameId) return {};
  return { rallyUser: await lookup(nameId) };
}

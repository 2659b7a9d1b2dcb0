import { CM_BEARER, NS } from '../constants.js';
import type { RequestState } from '../store.js';
import { attr, childElements, path } from '../xml/dom.js';
import type { CheckId, CheckResult } from './check-ids.js';
import type { RallyUserLookup, ValidateOptions } from './options.js';
import type { RawResponse } from './read-response.js';
import type { EncryptedNameId } from './decrypt-nameid.js';
import { nameIdElement } from './read-assertion.js';
import type { SignatureOutcome } from './verify-signature.js';

/** Everything the checks read, gathered once; checks are pure functions of it. */
export interface ValidationContext {
  readonly opts: ValidateOptions & { readonly clockSkewMs: number; readonly profile: 'rally' | 'generic' };
  readonly decodeNotes: readonly string[];
  readonly inputProblem?: string;
  readonly raw?: RawResponse;
  readonly signature?: SignatureOutcome;
  /** The Response to read: verified bytes when signed and verified, otherwise the raw element. */
  readonly response?: Element;
  readonly responseTrusted: boolean;
  /** The assertion to read: verified (and decrypted) when the signature checked out, else raw. */
  readonly assertion?: Element;
  readonly assertionTrusted: boolean;
  readonly request?: { readonly id: string; readonly state: RequestState; readonly issuedAt?: Date };
  readonly assertionReplayed?: boolean;
  readonly rallyUser?: Awaited<ReturnType<RallyUserLookup>>;
  /** The Subject's EncryptedID, decrypted once with the SP key (verified assertions only). */
  readonly encryptedNameId?: EncryptedNameId;
}

/** The NameID to read: the decrypted EncryptedID when there is one, else the Subject's NameID. */
export function nameIdOf(ctx: ValidationContext): Element | undefined {
  return ctx.encryptedNameId?.ok ? ctx.encryptedNameId.nameId : nameIdElement(ctx.assertion);
}

export type Check = (ctx: ValidationContext) => CheckResult;

/** The bearer confirmation the Web SSO profile requires, preferring one addressed to our ACS. */
export function bearerConfirmationData(assertion: Element | undefined, acsUrl?: string): Element | undefined {
  const subject = path(assertion, NS.assertion, 'Subject');
  if (!subject) return undefined;
  const bearer = childElements(subject, NS.assertion, 'SubjectConfirmation').filter(
    (c) => attr(c, 'Method') === CM_BEARER,
  );
  const data = bearer.flatMap((c) => childElements(c, NS.assertion, 'SubjectConfirmationData'));
  return data.find((d) => acsUrl !== undefined && attr(d, 'Recipient') === acsUrl) ?? data[0];
}

export function hasBearerConfirmation(assertion: Element | undefined): boolean {
  const subject = path(assertion, NS.assertion, 'Subject');
  return (
    !!subject &&
    childElements(subject, NS.assertion, 'SubjectConfirmation').some((c) => attr(c, 'Method') === CM_BEARER)
  );
}

export const skip = (id: CheckId, message: string): CheckResult => ({ id, status: 'skip', message });

/** Why values of the Response or the assertion are not trusted, for labelling diagnostics. */
export function untrustedReason(ctx: ValidationContext, what: 'response' | 'assertion'): string {
  if (ctx.signature && !ctx.signature.ok) return 'the signature did not verify';
  if (!ctx.signature) return 'no signature was checked';
  return what === 'response'
    ? 'the Response is not signed'
    : 'the assertion is not covered by a verified signature';
}

/** Why an assertion-level check cannot run at all, or undefined when it can. */
export function assertionUnavailable(ctx: ValidationContext): string | undefined {
  if (!ctx.raw) return 'Not checked: the response could not be read.';
  if (!ctx.assertion) {
    if (ctx.raw.encrypted)
      return 'Not checked: the assertion is encrypted and was not decrypted (see signature).';
    return 'Not checked: there is no assertion.';
  }
  return undefined;
}

interface Finding {
  readonly ok: boolean;
  /** What to say when the trusted value passes or fails. */
  readonly pass: string;
  readonly fail: string;
  readonly expected?: string;
  readonly actual?: string;
  readonly fix?: string;
}

/**
 * Values from verified XML pass or fail. Values that no verified signature covers are only
 * diagnostics: they can fail a check (the response is rejected anyway) but never pass one.
 */
export function judge(id: CheckId, trusted: boolean, why: string, f: Finding): CheckResult {
  const detail = {
    ...(f.expected !== undefined && { expected: f.expected }),
    ...(f.actual !== undefined && { actual: trusted ? f.actual : `${f.actual} (unverified)` }),
  };
  if (trusted)
    return f.ok
      ? { id, status: 'pass', message: f.pass, ...detail }
      : { id, status: 'fail', message: f.fail, ...detail, ...(f.fix && { fix: f.fix }) };
  if (f.ok)
    return {
      id,
      status: 'skip',
      message: `Not confirmed: ${why}, so this value cannot be trusted (it matches).`,
      ...detail,
    };
  return {
    id,
    status: 'fail',
    message: `Unverified, because ${why}: ${f.fail}`,
    ...detail,
    ...(f.fix && { fix: f.fix }),
  };
}

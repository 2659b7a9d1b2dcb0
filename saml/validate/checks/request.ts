import { attr } from '../../xml/dom.js';
import {
  bearerConfirmationData,
  skip,
  untrustedReason,
  type Check,
  type ValidationContext,
} from '../context.js';
import { FIX } from '../fixes.js';

/** The request ID the response answers, from the verified parts only, and any disagreement. */
export function answeredRequest(ctx: ValidationContext): { id?: string; conflict?: string } {
  const fromResponse = ctx.responseTrusted ? attr(ctx.response, 'InResponseTo') : undefined;
  const fromAssertion = ctx.assertionTrusted
    ? attr(bearerConfirmationData(ctx.assertion, ctx.opts.sp.acsUrl), 'InResponseTo')
    : undefined;
  if (fromResponse && fromAssertion && fromResponse !== fromAssertion) {
    return { conflict: `The Response answers ${fromResponse} but its assertion answers ${fromAssertion}.` };
  }
  const id = fromAssertion ?? fromResponse;
  return id === undefined ? {} : { id };
}

export const checkInResponseTo: Check = (ctx) => {
  if (!ctx.raw) return skip('in-response-to', 'Not checked: the response could not be read.');
  if (!ctx.assertionTrusted) {
    const raw = attr(ctx.raw.root, 'InResponseTo');
    return skip(
      'in-response-to',
      `Not checked: ${untrustedReason(ctx, 'assertion')}.${raw ? ` The unverified InResponseTo is ${raw}.` : ''}`,
    );
  }
  const { id, conflict } = answeredRequest(ctx);
  if (conflict) return { id: 'in-response-to', status: 'fail', message: conflict, fix: FIX.inResponseTo };
  if (id === undefined) {
    return {
      id: 'in-response-to',
      status: 'pass',
      message:
        'IdP-initiated sign-in (for example the Okta dashboard tile): the response answers no request, and is accepted as such.',
      actual: '(no InResponseTo)',
    };
  }
  const expected = ctx.opts.requestId;
  if (ctx.request) {
    const { state, issuedAt } = ctx.request;
    const sent = issuedAt ? ` sent at ${issuedAt.toISOString()}` : '';
    if (state === 'outstanding' || state === 'answered') {
      return {
        id: 'in-response-to',
        status: 'pass',
        message: `The response answers this helper's test sign-in request${sent}.`,
        actual: id,
      };
    }
    const message =
      state === 'expired'
        ? `The response answers request ${id}${sent}, which has expired.`
        : `The response answers request ${id}, which this helper did not send (or has forgotten).`;
    return { id: 'in-response-to', status: 'fail', message, actual: id, fix: FIX.inResponseTo };
  }
  if (expected !== undefined) {
    return id === expected
      ? {
          id: 'in-response-to',
          status: 'pass',
          message: `The response answers request ${expected}.`,
          expected,
          actual: id,
        }
      : {
          id: 'in-response-to',
          status: 'fail',
          message: 'The response answers another request.',
          expected,
          actual: id,
          fix: FIX.inResponseTo,
        };
  }
  return skip(
    'in-response-to',
    `Not compared: the response answers request ${id}, and no outstanding request ID was given (send requestId).`,
  );
};

export const checkReplay: Check = (ctx) => {
  if (!ctx.opts.tracker) {
    return skip(
      'replay',
      'Not checked: replay is tracked by the ACS (/saml/acs); stateless validation remembers nothing.',
    );
  }
  if (!ctx.assertionTrusted) return skip('replay', `Not checked: ${untrustedReason(ctx, 'assertion')}.`);
  const assertionId = attr(ctx.assertion, 'ID') ?? '(no ID)';
  if (ctx.assertionReplayed || ctx.request?.state === 'answered') {
    const why = ctx.assertionReplayed
      ? `assertion ${assertionId} was received before`
      : `request ${ctx.request?.id} was already answered`;
    return {
      id: 'replay',
      status: 'fail',
      message: `Replayed response: ${why}.`,
      actual: assertionId,
      fix: FIX.replay,
    };
  }
  return {
    id: 'replay',
    status: 'pass',
    message: `First use of assertion ${assertionId}.`,
    actual: assertionId,
  };
};

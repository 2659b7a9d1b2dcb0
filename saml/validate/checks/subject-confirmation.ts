import { NS } from '../../constants.js';
import { attr, path } from '../../xml/dom.js';
import {
  assertionUnavailable,
  bearerConfirmationData,
  hasBearerConfirmation,
  judge,
  skip,
  untrustedReason,
  type Check,
} from '../context.js';
import { FIX } from '../fixes.js';

/**
 * Web SSO profile §4.1.4.2: a bearer SubjectConfirmation whose SubjectConfirmationData bounds the
 * assertion with NotOnOrAfter. Its Recipient, time and InResponseTo are checked by their own ids.
 */
export const checkSubjectConfirmation: Check = (ctx) => {
  const unavailable = assertionUnavailable(ctx);
  if (unavailable) return skip('subject-confirmation', unavailable);
  const subject = path(ctx.assertion, NS.assertion, 'Subject');
  const data = bearerConfirmationData(ctx.assertion, ctx.opts.sp.acsUrl);
  const notOnOrAfter = attr(data, 'NotOnOrAfter');
  const fail = !subject
    ? 'The assertion has no Subject.'
    : !hasBearerConfirmation(ctx.assertion)
      ? 'The assertion has no bearer SubjectConfirmation.'
      : !data
        ? 'The bearer SubjectConfirmation has no SubjectConfirmationData.'
        : 'The bearer SubjectConfirmationData has no NotOnOrAfter, so nothing limits how long it can be presented.';
  return judge('subject-confirmation', ctx.assertionTrusted, untrustedReason(ctx, 'assertion'), {
    ok: notOnOrAfter !== undefined,
    pass: `A bearer SubjectConfirmation, valid until ${notOnOrAfter}.`,
    fail,
    expected: 'bearer, with NotOnOrAfter',
    actual: notOnOrAfter ? `bearer, NotOnOrAfter ${notOnOrAfter}` : '(missing)',
    fix: FIX.subjectConfirmation,
  });
};

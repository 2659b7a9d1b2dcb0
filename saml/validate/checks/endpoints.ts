import { NS } from '../../constants.js';
import { attr, childElements, path, text } from '../../xml/dom.js';
import {
  assertionUnavailable,
  bearerConfirmationData,
  judge,
  skip,
  untrustedReason,
  type Check,
} from '../context.js';
import { FIX } from '../fixes.js';

/** SAML bindings §3.5.5.2: a signed Response must name the ACS it was sent to in Destination. */
export const checkDestination: Check = (ctx) => {
  const acs = ctx.opts.sp.acsUrl;
  if (!ctx.response) return skip('destination', 'Not checked: the response could not be read.');
  if (!acs) return skip('destination', 'Not checked: no ACS URL was given.');
  const destination = attr(ctx.response, 'Destination');
  if (destination === undefined && !ctx.responseTrusted) {
    return skip(
      'destination',
      `Not checked: the Response has no Destination, and ${untrustedReason(ctx, 'response')}.`,
    );
  }
  return judge('destination', ctx.responseTrusted, untrustedReason(ctx, 'response'), {
    ok: destination === acs,
    pass: `The Response is addressed to this ACS (${acs}).`,
    fail:
      destination === undefined
        ? 'The signed Response has no Destination.'
        : `The Response is addressed to ${destination}, not to this ACS.`,
    expected: acs,
    actual: destination ?? '(none)',
    fix: FIX.destination(acs),
  });
};

/** Web SSO profile §4.1.4.2: the bearer SubjectConfirmationData's Recipient is the ACS. */
export const checkRecipient: Check = (ctx) => {
  const unavailable = assertionUnavailable(ctx);
  if (unavailable) return skip('recipient', unavailable);
  const acs = ctx.opts.sp.acsUrl;
  if (!acs) return skip('recipient', 'Not checked: no ACS URL was given.');
  const recipient = attr(bearerConfirmationData(ctx.assertion, acs), 'Recipient');
  return judge('recipient', ctx.assertionTrusted, untrustedReason(ctx, 'assertion'), {
    ok: recipient === acs,
    pass: `The assertion's Recipient is this ACS (${acs}).`,
    fail:
      recipient === undefined
        ? 'The bearer SubjectConfirmationData has no Recipient.'
        : `The assertion's Recipient is ${recipient}, not this ACS.`,
    expected: acs,
    actual: recipient ?? '(none)',
    fix: FIX.recipient(acs),
  });
};

/** SAML core §2.5.1.4: every AudienceRestriction must name this SP. */
export const checkAudience: Check = (ctx) => {
  const unavailable = assertionUnavailable(ctx);
  if (unavailable) return skip('audience', unavailable);
  const entityId = ctx.opts.sp.entityId;
  if (!entityId) return skip('audience', 'Not checked: no SP entity ID was given.');
  const conditions = path(ctx.assertion, NS.assertion, 'Conditions');
  const restrictions = conditions ? childElements(conditions, NS.assertion, 'AudienceRestriction') : [];
  const why = untrustedReason(ctx, 'assertion');
  if (restrictions.length === 0) {
    if (!ctx.assertionTrusted)
      return skip('audience', `Not checked: the assertion has no AudienceRestriction, and ${why}.`);
    return {
      id: 'audience',
      status: 'warn',
      message: 'The assertion has no AudienceRestriction, so any SP would accept it. Okta always sends one.',
      expected: entityId,
      actual: '(none)',
      fix: FIX.audience(entityId),
    };
  }
  const lists = restrictions.map((r) => childElements(r, NS.assertion, 'Audience').map((a) => text(a) ?? ''));
  return judge('audience', ctx.assertionTrusted, why, {
    ok: lists.every((list) => list.includes(entityId)),
    pass: `The assertion is meant for this SP (${entityId}).`,
    fail: 'The assertion is meant for another SP.',
    expected: entityId,
    actual: lists.map((l) => l.join(', ') || '(empty)').join(' and '),
    fix: FIX.audience(entityId),
  });
};

import { NS, STATUS_SUCCESS } from '../../constants.js';
import { attr, path, text } from '../../xml/dom.js';
import { judge, skip, untrustedReason, type Check } from '../context.js';
import { FIX } from '../fixes.js';

const short = (uri: string | undefined) => uri?.replace(/^urn:oasis:names:tc:SAML:2\.0:status:/, '');

/** SAML core §3.2.2.2: top-level StatusCode, an optional second-level code and a message. */
export const checkStatus: Check = (ctx) => {
  if (!ctx.response) return skip('status', 'Not checked: the response could not be read.');
  const code = path(ctx.response, NS.protocol, 'Status', 'StatusCode');
  const value = attr(code, 'Value');
  const sub = attr(path(code, NS.protocol, 'StatusCode'), 'Value');
  const message = text(path(ctx.response, NS.protocol, 'Status', 'StatusMessage'));
  const actual = [short(value) ?? '(no StatusCode)', sub && `/ ${short(sub)}`, message && `: ${message}`]
    .filter(Boolean)
    .join(' ');
  return judge('status', ctx.responseTrusted, untrustedReason(ctx, 'response'), {
    ok: value === STATUS_SUCCESS,
    pass: 'The IdP reports Success.',
    fail: value
      ? `The IdP reports ${short(value)}${sub ? ` (${short(sub)})` : ''}${message ? `: ${message}` : ''}.`
      : 'The Response has no Status.',
    expected: 'Success',
    actual,
    fix: sub?.endsWith(':InvalidNameIDPolicy') ? FIX.invalidNameIdPolicy : FIX.status,
  });
};

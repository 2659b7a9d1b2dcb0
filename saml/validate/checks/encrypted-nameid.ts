import { NS } from '../../constants.js';
import { path, text } from '../../xml/dom.js';
import { assertionUnavailable, skip, type Check } from '../context.js';

const ENCRYPTION_KEY_FIX =
  'Give the SP private key (decryptionKey) whose certificate is uploaded in Okta as the “Encryption Certificate”, or set “Assertion Encryption” to Unencrypted for this test.';

/** An EncryptedID NameID (SAML core §2.2.4) is decrypted with the SP key and its value reported. */
export const checkEncryptedNameId: Check = (ctx) => {
  const unavailable = assertionUnavailable(ctx);
  if (unavailable) return skip('encrypted-nameid', unavailable);
  if (!path(ctx.assertion, NS.assertion, 'Subject', 'EncryptedID'))
    return skip('encrypted-nameid', 'Not encrypted: the Subject carries a plain NameID.');
  if (!ctx.assertionTrusted)
    return skip('encrypted-nameid', 'Not decrypted: no signature vouches for the assertion (see signature).');
  const result = ctx.encryptedNameId;
  if (!result?.ok) {
    return {
      id: 'encrypted-nameid',
      status: 'fail',
      message: `The NameID is encrypted (EncryptedID), and ${result?.reason ?? 'it was not decrypted'}.`,
      fix: ENCRYPTION_KEY_FIX,
    };
  }
  const value = text(result.nameId) ?? '';
  return {
    id: 'encrypted-nameid',
    status: 'pass',
    message: `The NameID was encrypted (EncryptedID) and decrypts with the SP key to ${value || '(empty)'}.`,
    actual: `${value}${result.algorithm ? ` (${result.algorithm.replace(/^.*#/, '')})` : ''}`,
  };
};

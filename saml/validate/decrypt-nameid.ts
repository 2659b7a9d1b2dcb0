import { promisify } from 'node:util';
import { XMLSerializer } from '@xmldom/xmldom';
import xmlenc from 'xml-encryption';
import { NS } from '../constants.js';
import { path } from '../xml/dom.js';
import { parseInContext } from './verify-signature.js';

const decrypt = promisify(xmlenc.decrypt).bind(xmlenc) as (
  xml: string,
  options: { key: string },
) => Promise<string>;

export type EncryptedNameId =
  | { readonly ok: true; readonly nameId: Element; readonly algorithm?: string }
  | { readonly ok: false; readonly reason: string };

/**
 * An EncryptedID in the verified assertion's Subject (SAML core §2.2.4), decrypted with the SP key.
 * The ciphertext is covered by the assertion's signature, so the NameID it holds is as trusted
 * as the assertion. Undefined when the Subject carries a plain NameID.
 */
export async function decryptNameId(
  assertion: Element | undefined,
  key: string | undefined,
): Promise<EncryptedNameId | undefined> {
  const encrypted = path(assertion, NS.assertion, 'Subject', 'EncryptedID');
  if (!encrypted) return undefined;
  if (key === undefined) return { ok: false, reason: 'no decryption key was given' };
  let plain: string;
  try {
    plain = await decrypt(new XMLSerializer().serializeToString(encrypted), { key });
  } catch (err) {
    return { ok: false, reason: `it could not be decrypted with the given key (${describe(err)})` };
  }
  const nameId = parseInContext(plain, encrypted);
  if (!nameId || nameId.namespaceURI !== NS.assertion || nameId.localName !== 'NameID')
    return { ok: false, reason: 'it does not hold a saml:NameID' };
  const method = path(encrypted, NS.xenc, 'EncryptedData', 'EncryptionMethod');
  const algorithm = method?.getAttribute('Algorithm') ?? undefined;
  return { ok: true, nameId, ...(algorithm && { algorithm }) };
}

function describe(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).slice(0, 120);
}

import { inflateRawSync } from 'node:zlib';
import { LIMITS } from '../constants.js';

export type Decoded = { ok: true; xml: string; notes: string[] } | { ok: false; reason: string };

/**
 * Turns what the browser posted (or what an admin pasted from a tracer) into XML: base64 as the
 * HTTP-POST binding sends it, tolerating line breaks, URL-encoding, raw DEFLATE (some IdPs and
 * gosaml2 accept it, though the binding does not compress) and plain pasted XML.
 */
export function decodeSamlResponse(input: string, maxBytes: number = LIMITS.responseBytes): Decoded {
  let value = input.trim();
  const notes: string[] = [];
  if (value.startsWith('<')) {
    notes.push('The response was given as XML rather than base64.');
    return Buffer.byteLength(value) > maxBytes
      ? tooLarge(Buffer.byteLength(value), maxBytes)
      : { ok: true, xml: value, notes };
  }
  if (/%[0-9A-Fa-f]{2}/.test(value)) {
    try {
      value = decodeURIComponent(value.replace(/\+/g, '%2B'));
      notes.push('The response was URL-encoded; it was decoded first.');
    } catch {
      return {
        ok: false,
        reason: 'The SAMLResponse contains a broken %-escape. Paste the value exactly as captured.',
      };
    }
  }
  value = value.replace(/\s+/g, '');
  if (value === '') return { ok: false, reason: 'The SAMLResponse is empty.' };
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(value)) {
    return {
      ok: false,
      reason:
        'The SAMLResponse is not base64. Paste the SAMLResponse form value exactly as the browser posted it.',
    };
  }
  const approxBytes = Math.floor((value.length * 3) / 4);
  if (approxBytes > maxBytes) return tooLarge(approxBytes, maxBytes);
  let bytes = Buffer.from(value, 'base64');
  if (!looksLikeXml(bytes)) {
    try {
      bytes = inflateRawSync(bytes, { maxOutputLength: maxBytes });
      notes.push('The response was DEFLATE-compressed; the HTTP-POST binding sends it uncompressed.');
    } catch (err) {
      if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') return tooLarge(maxBytes + 1, maxBytes);
      return { ok: false, reason: 'The SAMLResponse decodes to something that is not XML.' };
    }
    if (!looksLikeXml(bytes))
      return { ok: false, reason: 'The SAMLResponse decodes to something that is not XML.' };
  }
  try {
    return { ok: true, xml: new TextDecoder('utf-8', { fatal: true }).decode(bytes), notes };
  } catch {
    return { ok: false, reason: 'The decoded SAMLResponse is not UTF-8 text.' };
  }
}

function looksLikeXml(bytes: Buffer): boolean {
  const head = bytes
    .subarray(0, 64)
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .trimStart();
  return head.startsWith('<');
}

function tooLarge(bytes: number, max: number): Decoded {
  return {
    ok: false,
    reason: `The response is about ${bytes} bytes; at most ${max} bytes are accepted (Okta's are 5–20 kB).`,
  };
}

import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import { Agent, request } from 'undici';
import { LIMITS } from '../constants.js';
import { SamlError } from '../errors.js';
import { createAddressPolicy } from './address-policy.js';

export type MetadataFetcher = (url: string) => Promise<string>;

export interface MetadataFetcherOptions {
  /** SAML_ALLOW_PRIVATE_METADATA: let the fetch reach loopback and private networks. */
  readonly allowPrivate: boolean;
  readonly timeoutMs?: number;
  readonly maxBytes?: number;
  /** Extra trust anchors (tests serve metadata over https with a throw-away CA). */
  readonly ca?: string;
  readonly lookup?: typeof dnsLookup;
}

class ForbiddenAddress extends Error {}

/**
 * Fetches IdP metadata from an https URL with a deadline and a size cap. The address check runs
 * inside the socket's DNS lookup, on the addresses actually connected to, so a name that resolves
 * to a private address (or re-resolves to one: DNS rebinding) is refused too. Redirects are not
 * followed: Okta's metadata URL answers directly.
 */
export function createMetadataFetcher(opts: MetadataFetcherOptions): MetadataFetcher {
  const timeoutMs = opts.timeoutMs ?? 5000;
  const maxBytes = opts.maxBytes ?? LIMITS.metadataBytes;
  const policy = createAddressPolicy();
  const resolve = opts.lookup ?? dnsLookup;

  const guardedLookup: LookupFunction = (hostname, options, callback) => {
    resolve(hostname, { ...options, all: true }, (err, addresses: LookupAddress[]) => {
      if (err) return callback(err, '', 0);
      const forbidden = addresses.find((a) => policy.isForbidden(a.address));
      if (forbidden && !opts.allowPrivate) return callback(new ForbiddenAddress(forbidden.address), '', 0);
      if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
      const first = addresses[0]!;
      callback(null, first.address, first.family);
    });
  };

  return async function fetchMetadata(raw: string): Promise<string> {
    const url = checkUrl(raw);
    const host = url.hostname.replace(/^\[|\]$/g, '');
    if (isIP(host) && policy.isForbidden(host) && !opts.allowPrivate) throw refusedAddress(host);
    const agent = new Agent({
      connect: { lookup: guardedLookup, timeout: timeoutMs, ...(opts.ca && { ca: opts.ca }) },
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    });
    try {
      const res = await request(url, {
        dispatcher: agent,
        headers: { accept: 'application/samlmetadata+xml, application/xml, text/xml' },
        signal: AbortSignal.timeout(timeoutMs),
      });
      if (res.statusCode !== 200) {
        await res.body.dump();
        const where =
          res.statusCode >= 300 && res.statusCode < 400
            ? ` (redirect to ${String(res.headers.location)})`
            : '';
        throw fetchFailed(
          `the URL answered HTTP ${res.statusCode}${where}. Copy the "Metadata URL" from the app's Sign On tab in Okta.`,
        );
      }
      return await readCapped(res.body, maxBytes);
    } catch (err) {
      throw translate(err, url);
    } finally {
      await agent.close();
    }
  };
}

function checkUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw refused(`"${raw.slice(0, 200)}" is not a URL.`);
  }
  if (url.protocol !== 'https:')
    throw refused(
      'only https:// metadata URLs are fetched. Use the https "Metadata URL" from Okta, or paste the XML.',
    );
  if (url.username || url.password) throw refused('the URL must not carry credentials.');
  return url;
}

async function readCapped(body: AsyncIterable<Buffer>, maxBytes: number): Promise<string> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of body) {
    total += chunk.length;
    if (total > maxBytes) {
      throw new SamlError(
        'SAML_METADATA_TOO_LARGE',
        `The metadata document is larger than ${maxBytes} bytes; Okta metadata is about 4 kB.`,
      );
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function translate(err: unknown, url: URL): SamlError {
  if (err instanceof SamlError) return err;
  for (let e: unknown = err; e instanceof Error; e = e.cause) {
    if (e instanceof ForbiddenAddress) return refusedAddress(e.message);
    const code = (e as { code?: string }).code ?? '';
    if (e.name === 'TimeoutError' || /TIMEOUT/.test(code)) {
      return new SamlError(
        'SAML_METADATA_TIMEOUT',
        `${url.host} did not send the metadata in time. Try again, or paste the XML.`,
      );
    }
    if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
      return fetchFailed(`the host ${url.hostname} does not resolve. Check the URL.`);
    if (code === 'ECONNREFUSED' || code === 'ECONNRESET')
      return fetchFailed(`${url.host} refused the connection.`);
    if (/CERT|SSL|TLS/i.test(code))
      return fetchFailed(`the TLS certificate of ${url.hostname} is not trusted (${code}).`);
  }
  return fetchFailed(`the request to ${url.host} failed.`);
}

const refused = (why: string) =>
  new SamlError('SAML_METADATA_URL_REFUSED', `The metadata URL was refused: ${why}`);

const refusedAddress = (address: string) =>
  refused(
    `it points to ${address}, a loopback, private or link-local address. Use the public Okta URL, or set SAML_ALLOW_PRIVATE_METADATA=true for a private IdP.`,
  );

const fetchFailed = (why: string) =>
  new SamlError('SAML_METADATA_FETCH_FAILED', `The metadata could not be fetched: ${why}`);

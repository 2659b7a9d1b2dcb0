import { Agent, request as undiciRequest, type Dispatcher } from 'undici';
import { credentialId, type RallyCredential } from './credential.js';
import { RallyError, type RallyErrorCode } from './errors.js';
import { unwrap } from './envelope.js';
import { htmlTitle } from './html-title.js';
import type { Limiter } from './limiter.js';
import type { RallyObserver } from './observer.js';
import { backoffMs, DEFAULT_RETRY, parseRetryAfter, RETRYABLE_STATUSES, type RetryPolicy } from './retry.js';
import { cookiesFrom, type RallySession, type SessionCache } from './session.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface RallyRequest {
  readonly method: HttpMethod;
  /** Path below the WSAPI base, e.g. `/user/123`. */
  readonly path: string;
  readonly query?: Readonly<Record<string, string | number | boolean | undefined>>;
  readonly body?: unknown;
  /** Only idempotent requests are retried after a failure that may have reached Rally. */
  readonly idempotent: boolean;
  /** Absolute time (ms, transport clock) by which the call must settle. */
  readonly deadline?: number;
}

export interface TransportLog {
  debug(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export interface TransportDeps {
  readonly baseUrl: string;
  readonly limiter: Limiter;
  readonly sessions: SessionCache;
  readonly timeoutMs: number;
  readonly dispatcher?: Dispatcher;
  readonly retry?: RetryPolicy;
  readonly now?: () => number;
  readonly random?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly log?: TransportLog;
  readonly userAgent?: string;
  readonly observer?: RallyObserver;
}

export interface Transport {
  /** Sends one WSAPI request and returns its parsed JSON body (an envelope, not yet unwrapped). */
  send(cred: RallyCredential, req: RallyRequest): Promise<unknown>;
  /**
   * Makes sure the credential can write: for Basic, obtains (and caches for the writes that
   * follow) the security token; API keys need none.
   */
  ensureWriteAccess(cred: RallyCredential, deadline?: number): Promise<void>;
  probe(): ReturnType<typeof probeRally>;
  close(): Promise<void>;
}

interface Raw {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

const INVALID_KEY = /Not authorized to perform action: Invalid key/i;

const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export function createTransport(deps: TransportDeps): Transport {
  const ownsDispatcher = deps.dispatcher === undefined;
  // Keep-alive pool shared by all credentials: connection reuse is per origin, not per user.
  const dispatcher = deps.dispatcher ?? new Agent({ keepAliveTimeout: 30_000, connections: 64 });
  const now = deps.now ?? Date.now;
  const random = deps.random ?? Math.random;
  const sleep = deps.sleep ?? defaultSleep;
  const retry = deps.retry ?? DEFAULT_RETRY;
  const base = deps.baseUrl.replace(/\/+$/, '');
  const integrationHeaders = {
    'x-rallyintegrationname': 'rally-okta-connector',
    'x-rallyintegrationvendor': 'rally-okta-connector',
    'x-rallyintegrationversion': '0.1.0',
    'x-rallyintegrationlibrary': 'rally-okta-connector (undici)',
    'user-agent': deps.userAgent ?? 'rally-okta-connector/0.1.0',
  };

  function url(req: RallyRequest, key?: string): string {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(req.query ?? {})) if (v !== undefined) params.set(k, String(v));
    if (key !== undefined) params.set('key', key);
    const qs = params.toString();
    return `${base}${req.path}${qs ? `?${qs}` : ''}`;
  }

  function authHeaders(cred: RallyCredential): Record<string, string> {
    return cred.kind === 'apiKey'
      ? { zsessionid: cred.apiKey }
      : {
          authorization: `Basic ${Buffer.from(`${cred.username}:${cred.password}`, 'utf8').toString('base64')}`,
        };
  }

  /** One HTTP exchange inside the credential's concurrency slot. */
  async function exchange(
    cred: RallyCredential,
    req: RallyRequest,
    deadline: number,
    session?: RallySession,
  ): Promise<Raw> {
    const id = credentialId(cred);
    return deps.limiter.run(id, async () => {
      const remaining = deadline - now();
      if (remaining <= 0) throw timeoutError();
      const headers: Record<string, string> = {
        accept: 'application/json',
        ...integrationHeaders,
        ...authHeaders(cred),
      };
      if (session) headers.cookie = session.cookie;
      let body: string | null = null;
      if (req.body !== undefined) {
        body = JSON.stringify(req.body);
        headers['content-type'] = 'application/json';
      }
      const started = now();
      try {
        const res = await undiciRequest(url(req, session?.token), {
          dispatcher,
          method: req.method,
          headers,
          body,
          signal: AbortSignal.timeout(remaining),
        });
        const text = await res.body.text();
        deps.observer?.request?.({
          credential: id,
          method: req.method,
          outcome: res.statusCode < 400 ? 'ok' : 'error',
          status: res.statusCode,
          seconds: (now() - started) / 1000,
        });
        deps.log?.debug(
          { rally: { method: req.method, path: req.path, status: res.statusCode, ms: now() - started } },
          'rally request',
        );
        return { status: res.statusCode, headers: res.headers, text };
      } catch (err) {
        const failure = transportFailure(err, now() >= deadline);
        deps.observer?.request?.({
          credential: id,
          method: req.method,
          outcome: failure.code === 'RALLY_TIMEOUT' ? 'timeout' : 'unreachable',
          seconds: (now() - started) / 1000,
        });
        throw failure;
      }
    });
  }

  async function fetchSession(cred: RallyCredential, deadline: number): Promise<RallySession> {
    const raw = await exchange(
      cred,
      { method: 'GET', path: '/security/authorize', idempotent: true },
      deadline,
    );
    const token = unwrap(classify(raw, now())).content.SecurityToken;
    if (typeof token !== 'string' || token === '') {
      throw new RallyError(
        'RALLY_FORBIDDEN',
        'Rally gave this account no security token, so it cannot write.',
      );
    }
    return { token, cookie: cookiesFrom(raw.headers['set-cookie']) };
  }

  /** The Basic credential's write session, from the cache or a fresh authorize call. */
  const session = (cred: RallyCredential & { kind: 'basic' }, deadline: number) =>
    withRetries(cred, { method: 'GET', path: '/security/authorize', idempotent: true }, deadline, () =>
      deps.sessions.get(credentialId(cred), () => fetchSession(cred, deadline)),
    );

  /** Retries idempotent requests on throttling, gateway errors and resets, within the deadline. */
  async function withRetries<T>(
    cred: RallyCredential,
    req: RallyRequest,
    deadline: number,
    attemptFn: () => Promise<T>,
  ): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await attemptFn();
      } catch (err) {
        if (!(err instanceof RallyError) || !isRetryable(err) || !req.idempotent) throw err;
        if (attempt >= retry.maxAttempts) throw err;
        const retryAfterMs = err.retryAfterSeconds === undefined ? undefined : err.retryAfterSeconds * 1000;
        const wait = backoffMs(retry, attempt, random, retryAfterMs);
        if (now() + wait >= deadline) throw err;
        deps.log?.debug({ rally: { path: req.path, attempt, wait, code: err.code } }, 'rally retry');
        deps.observer?.retry?.({ credential: credentialId(cred), code: err.code });
        await sleep(wait);
      }
    }
  }

  async function send(cred: RallyCredential, req: RallyRequest): Promise<unknown> {
    const deadline = req.deadline ?? now() + deps.timeoutMs;
    const needsToken = cred.kind === 'basic' && req.method !== 'GET';
    if (!needsToken) {
      return withRetries(cred, req, deadline, async () =>
        classify(await exchange(cred, req, deadline), now()),
      );
    }
    // Basic writes: token + cookie; on "Invalid key" fetch a fresh token once, then give up.
    for (let round = 1; ; round++) {
      const current = await session(cred, deadline);
      const json = await withRetries(cred, req, deadline, async () =>
        classify(await exchange(cred, req, deadline, current), now()),
      );
      if (!hasInvalidKey(json)) return json;
      deps.sessions.invalidate(credentialId(cred), current);
      if (round >= 2) return json;
    }
  }

  return {
    send,
    async ensureWriteAccess(cred, deadline) {
      if (cred.kind === 'basic') await session(cred, deadline ?? now() + deps.timeoutMs);
    },
    probe: () => probeRally(base, { dispatcher, timeoutMs: Math.min(5_000, deps.timeoutMs), now }),
    async close() {
      if (ownsDispatcher) await dispatcher.close();
    },
  };
}

function isRetryable(err: RallyError): boolean {
  return (
    err.code === 'RALLY_THROTTLED' ||
    (err.code === 'RALLY_UNAVAILABLE' && err.httpStatus === undefined) ||
    (err.httpStatus !== undefined && RETRYABLE_STATUSES.has(err.httpStatus))
  );
}

function hasInvalidKey(json: unknown): boolean {
  if (!json || typeof json !== 'object') return false;
  const env = Object.values(json)[0] as { Errors?: unknown } | undefined;
  return Array.isArray(env?.Errors) && env.Errors.some((e) => typeof e === 'string' && INVALID_KEY.test(e));
}

function timeoutError(cause?: unknown): RallyError {
  return new RallyError('RALLY_TIMEOUT', 'Rally did not answer in time.', { cause });
}

/** Network-level failures: resets, refused connections, aborted (timed-out) requests. */
function transportFailure(err: unknown, pastDeadline: boolean): RallyError {
  if (err instanceof RallyError) return err;
  const name = (err as { name?: string }).name;
  if (pastDeadline || name === 'TimeoutError' || name === 'AbortError') return timeoutError(err);
  const code = (err as { code?: string }).code ?? 'network error';
  return new RallyError('RALLY_UNAVAILABLE', `Could not reach Rally (${code}).`, { cause: err });
}

const STATUS_CODES: Readonly<Record<number, RallyErrorCode>> = {
  401: 'RALLY_UNAUTHORIZED',
  403: 'RALLY_FORBIDDEN',
  429: 'RALLY_THROTTLED',
  504: 'RALLY_TIMEOUT',
  524: 'RALLY_TIMEOUT',
};

/** Turns an HTTP answer into parsed JSON, or the RallyError its status and body mean. */
function classify(raw: Raw, now: number): unknown {
  if (raw.status >= 200 && raw.status < 300) {
    try {
      return JSON.parse(raw.text) as unknown;
    } catch (cause) {
      throw new RallyError('RALLY_BAD_RESPONSE', 'Rally answered with something that is not JSON.', {
        httpStatus: raw.status,
        rallyMessages: messagesOf(raw.text),
        cause,
      });
    }
  }
  const rallyMessages = messagesOf(raw.text);
  const httpStatus = raw.status;
  const retryAfterMs = parseRetryAfter(raw.headers['retry-after'], now);
  const retryAfterSeconds = retryAfterMs === undefined ? undefined : Math.ceil(retryAfterMs / 1000);
  const opts = { httpStatus, rallyMessages, ...(retryAfterSeconds !== undefined && { retryAfterSeconds }) };
  switch (raw.status) {
    case 401:
      return fail('RALLY_UNAUTHORIZED', 'Rally refused the credentials.', opts);
    case 403:
      return fail('RALLY_FORBIDDEN', 'Rally refused access for this account.', opts);
    case 404:
      // Rally answers unknown paths and IP allow-list blocks alike: an HTML 404.
      return fail(
        'RALLY_FORBIDDEN',
        "Rally answered 404: the Rally URL is wrong, or this service's address is not on the subscription's IP allow-list.",
        opts,
      );
    case 429:
      return fail('RALLY_THROTTLED', 'Rally is throttling requests for this account.', {
        ...opts,
        retryAfterSeconds: retryAfterSeconds ?? 1,
      });
    default:
      return fail(
        STATUS_CODES[raw.status] ?? 'RALLY_UNAVAILABLE',
        `Rally is unavailable (HTTP ${raw.status}).`,
        opts,
      );
  }
}

function fail(
  code: RallyErrorCode,
  message: string,
  opts: ConstructorParameters<typeof RallyError>[2],
): never {
  throw new RallyError(code, message, opts);
}

/** Rally's own words from an error body: a JSON envelope's Errors, an HTML title, or short text. */
function messagesOf(text: string): string[] {
  try {
    const json = JSON.parse(text) as unknown;
    if (json && typeof json === 'object') {
      const env = Object.values(json)[0] as { Errors?: unknown } | undefined;
      if (Array.isArray(env?.Errors)) return env.Errors.filter((e): e is string => typeof e === 'string');
    }
  } catch {
    // not JSON: fall through to HTML / text
  }
  const title = htmlTitle(text);
  if (title) return [title];
  const plain = text.replace(/\s+/g, ' ').trim();
  return plain && plain.length <= 200 && !plain.startsWith('<') ? [plain] : [];
}

/**
 * Readiness probe: does the Rally target answer at all? Any HTTP answer below 500 (Rally says 401
 * to an anonymous call) means it is up; no credential is sent or needed.
 */
export async function probeRally(
  baseUrl: string,
  opts: { dispatcher?: Dispatcher; timeoutMs: number; now?: () => number },
): Promise<{ up: boolean; status?: number; ms: number; error?: string }> {
  const now = opts.now ?? Date.now;
  const started = now();
  try {
    const res = await undiciRequest(`${baseUrl.replace(/\/+$/, '')}/security/authorize`, {
      method: 'GET',
      signal: AbortSignal.timeout(opts.timeoutMs),
      ...(opts.dispatcher && { dispatcher: opts.dispatcher }),
    });
    await res.body.dump();
    return { up: res.statusCode < 500, status: res.statusCode, ms: now() - started };
  } catch (err) {
    const code = (err as { code?: string; name?: string }).code ?? (err as { name?: string }).name ?? 'error';
    return { up: false, ms: now() - started, error: code };
  }
}

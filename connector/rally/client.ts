import type { Dispatcher } from 'undici';
import { bindCaller } from './caller.js';
import { credentialId, type RallyCredential } from './credential.js';
import { createGroupOps, type GroupOps } from './groups.js';
import { createLimiter } from './limiter.js';
import type { RallyObserver } from './observer.js';
import type { RetryPolicy } from './retry.js';
import { userAttributes } from './schema.js';
import { createSessionCache } from './session.js';
import { createTransport, type Transport, type TransportLog } from './transport.js';
import type { RallyAttribute } from './types.js';
import { createUserOps, type UserOps } from './users.js';

export interface RallyApi extends UserOps, GroupOps {
  userAttributes(): Promise<RallyAttribute[]>;
  /**
   * Resolves when this credential can write: API keys need nothing more, Basic credentials need a
   * security token from `GET /security/authorize`. Throws RALLY_FORBIDDEN when Rally gives none.
   */
  checkWriteAccess(): Promise<void>;
}

export interface RallyClient {
  /**
   * Operations that act with the caller's own credential (pass-through; nothing is stored). With
   * `deadline`, every Rally call of the returned API, retries included, settles by then: one
   * request to this service gets one budget (see `deadline()`), not one per Rally call.
   */
  as(cred: RallyCredential, opts?: { deadline?: number }): RallyApi;
  /** The deadline of an operation starting now: the configured timeout from now. */
  deadline(): number;
  readonly baseUrl: string;
  /** Whether the Rally target answers at all (for readiness checks). */
  probe(): ReturnType<Transport['probe']>;
  close(): Promise<void>;
}

export interface RallyClientOptions {
  /** WSAPI base, e.g. `https://rally1.rallydev.com/slm/webservice/v2.0`. */
  readonly baseUrl: string;
  /** Per-request deadline, retries included. Default 25 s: under Okta Workflows' 30 s card timeout. */
  readonly timeoutMs?: number;
  /** Simultaneous requests per credential. Rally allows 12 (KB 95713). */
  readonly concurrency?: number;
  /** Requests that may wait for a slot before callers are told to back off. */
  readonly queueLimit?: number;
  /** Pages a listing fetches ahead of its reader. Defaults to `concurrency`. */
  readonly readAhead?: number;
  /** Lifetime of a cached Basic-auth security token. */
  readonly sessionTtlMs?: number;
  readonly dispatcher?: Dispatcher;
  readonly retry?: RetryPolicy;
  readonly now?: () => number;
  readonly random?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly log?: TransportLog;
  /** Told about every Rally exchange, retry, ambiguous-create lookup and queue change (metrics). */
  readonly observer?: RallyObserver;
}

export function createRallyClient(opts: RallyClientOptions): RallyClient {
  const now = opts.now ?? Date.now;
  const concurrency = opts.concurrency ?? 12;
  const timeoutMs = opts.timeoutMs ?? 25_000;
  const observer = opts.observer;
  const limiter = createLimiter({
    concurrency,
    queueLimit: opts.queueLimit ?? 1000,
    ...(observer?.lane && {
      onLane: (credential: string, active: number, queued: number) =>
        observer.lane?.({ credential, active, queued }),
    }),
  });
  const transport: Transport = createTransport({
    baseUrl: opts.baseUrl,
    limiter,
    sessions: createSessionCache({ ttlMs: opts.sessionTtlMs ?? 10 * 60_000, maxEntries: 1000, now }),
    timeoutMs,
    now,
    ...(opts.dispatcher && { dispatcher: opts.dispatcher }),
    ...(opts.retry && { retry: opts.retry }),
    ...(opts.random && { random: opts.random }),
    ...(opts.sleep && { sleep: opts.sleep }),
    ...(opts.log && { log: opts.log }),
    ...(observer && { observer }),
  });
  const readAhead = opts.readAhead ?? concurrency;

  return {
    as(cred, o = {}) {
      const call = bindCaller(transport, cred, o.deadline);
      return {
        ...createUserOps(call, {
          readAhead,
          ...(observer?.ambiguousCreate && {
            onAmbiguousCreate: (found: boolean) =>
              observer.ambiguousCreate?.({ credential: credentialId(cred), found }),
          }),
        }),
        ...createGroupOps(call, { readAhead }),
        userAttributes: () => userAttributes(call),
        // The token obtained here is cached for the writes that follow.
        checkWriteAccess: () => transport.ensureWriteAccess(cred, o.deadline),
      };
    },
    baseUrl: opts.baseUrl,
    deadline: () => now() + timeoutMs,
    probe: () => transport.probe(),
    close: () => transport.close(),
  };
}

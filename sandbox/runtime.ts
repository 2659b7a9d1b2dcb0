import type { Request } from 'express';
import type { NormalizedFaults } from './http/faults.js';
import type { Gate } from './http/gate.js';
import type { StatsRecorder } from './http/stats.js';
import type { EnvelopeKind } from './http/wsapi-error.js';
import type { Models } from './models/registry.js';
import type { Prng } from './prng.js';
import type { ResultCache } from './query/cache.js';
import type { SeedConfig } from './seed/config.js';
import type { Store } from './store/store.js';
import type { Session, UserRecord } from './types/records.js';

export type AuthMode = 'apiKey' | 'basic' | 'session';

export interface Identity {
  readonly user: UserRecord;
  readonly mode: AuthMode;
  /** The live session named by the request's JSESSIONID cookie, if any (possibly another user's). */
  readonly session: Session | undefined;
}

/** Per-request state, kept in a WeakMap instead of widening Express's `res.locals`. */
export interface RequestState {
  readonly identity: Identity;
  /** Envelope used when the request fails; routes set it before doing work. */
  envelope: EnvelopeKind;
  /** failNext 'commit-then-reset': the write runs, then the socket is destroyed instead of answering. */
  resetAfterCommit: boolean;
}

/** Data that `reset()` replaces wholesale. */
export interface DataState {
  readonly store: Store;
  readonly cache: ResultCache;
}

/** Everything a sandbox instance owns; handlers close over it (no module-level state). */
export interface Runtime {
  readonly models: Models;
  readonly config: SeedConfig;
  readonly stats: StatsRecorder;
  readonly gate: Gate;
  readonly requests: WeakMap<Request, RequestState>;
  now(): number;
  newToken(): string;
  data: DataState;
  faults: NormalizedFaults;
  faultPrng: Prng;
}

export function requestState(runtime: Runtime, req: Request): RequestState {
  const state = runtime.requests.get(req);
  if (!state) throw new Error('request reached a WSAPI route without authentication');
  return state;
}

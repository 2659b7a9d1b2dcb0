import type { RallyErrorCode } from './errors.js';

/**
 * What the client reports about its Rally traffic, for metrics. `credential` is the credential's
 * one-way id (credentialId): an observer that labels by it must hash it again with a key of its
 * own (server/metrics), so no label can be matched against a guessed secret. Observers must not
 * throw; the client calls them synchronously on its hot path.
 */
export interface RallyObserver {
  /** One HTTP exchange with Rally ended: its status, or how it failed without one. */
  request?(e: {
    readonly credential: string;
    readonly method: string;
    readonly outcome: 'ok' | 'error' | 'timeout' | 'unreachable';
    readonly status?: number;
    readonly seconds: number;
  }): void;
  /** An idempotent request is sent again after `code`. */
  retry?(e: { readonly credential: string; readonly code: RallyErrorCode }): void;
  /** A create whose outcome was unknown was looked up by UserName; `found`: it had landed. */
  ambiguousCreate?(e: { readonly credential: string; readonly found: boolean }): void;
  /** The credential's concurrency lane changed: requests sent now, and waiting for a slot. */
  lane?(e: { readonly credential: string; readonly active: number; readonly queued: number }): void;
}

import type { Express } from 'express';

/** Credentials of a seeded account: Basic (username/password) and API key (`ZSESSIONID`). */
export interface SandboxCredentials {
  username: string;
  password: string;
  apiKey: string;
}

export interface SandboxSeedOptions {
  /** Extra generated users besides the fixed accounts; default 60. */
  users?: number;
  admin?: Partial<SandboxCredentials>;
  viewer?: Partial<SandboxCredentials>;
  randomSeed?: number;
}

export type SandboxFailure = { status: number; retryAfter?: number } | 'reset' | 'commit-then-reset';

export interface SandboxFaults {
  /** Added to every authenticated WSAPI request. */
  latencyMs?: number;
  /** Fraction (0..1) of requests answered with one of `errorStatuses`. */
  errorRate?: number;
  /** Default [502, 503, 524]. */
  errorStatuses?: number[];
  /** Fraction (0..1) of requests whose socket is destroyed without an answer. */
  resetRate?: number;
  /** Consumed one per authenticated WSAPI request, before the random faults. */
  failNext?: SandboxFailure[];
  /** Default 12 (KB 95713); requests beyond it are queued FIFO, never rejected. */
  maxConcurrentPerUser?: number;
}

export interface SandboxStats {
  requests: number;
  byMethod: Record<string, number>;
  inFlight: number;
  /** Arrivals in flight at once per authenticated user, including those queued beyond the cap. */
  peakInFlightByUser: Record<string, number>;
  /** Requests processed at once per user (never above the cap). */
  peakActiveByUser: Record<string, number>;
  faultsInjected: number;
}

export interface SandboxInspector {
  userByUserName(u: string): Readonly<Record<string, unknown>> | undefined;
  projectPermissions(userOid: number): Array<{ project: number; role: string }>;
  workspacePermissions(userOid: number): Array<{ workspace: number; role: string }>;
  users(): number;
}

export interface SandboxListening {
  origin: string;
  baseUrl: string;
  close(): Promise<void>;
}

export interface Sandbox {
  app: Express;
  reset(): void;
  setFaults(f: SandboxFaults): void;
  stats(): SandboxStats;
  credentials: { admin: SandboxCredentials; viewer: SandboxCredentials };
  inspect: SandboxInspector;
  listen(opts?: { port?: number; host?: string }): Promise<SandboxListening>;
}

export interface CreateSandboxOptions {
  seed?: SandboxSeedOptions;
  faults?: SandboxFaults;
  now?: () => Date;
}

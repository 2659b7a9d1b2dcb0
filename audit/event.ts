/** One provisioning write as the audit trail records it (docs/audit.md). */
export const SURFACES = ['scim', 'connector', 'console'] as const;
export const OPERATIONS = [
  'user.create',
  'user.update',
  'user.deactivate',
  'user.reactivate',
  'membership.grant',
  'membership.revoke',
] as const;
export const STATUSES = ['pending', 'succeeded', 'failed', 'unknown'] as const;

export type Surface = (typeof SURFACES)[number];
export type Operation = (typeof OPERATIONS)[number];
export type Status = (typeof STATUSES)[number];

export interface Target {
  readonly id: string | null;
  readonly userName: string | null;
  readonly externalId?: string;
}

export interface Outcome {
  readonly status: Status;
  readonly code?: string;
  readonly rallyMessage?: string;
}

export interface AuditEvent {
  readonly id: string;
  readonly at: string;
  readonly surface: Surface;
  readonly operation: Operation;
  readonly actor: string;
  readonly request: { readonly id: string | null; readonly address: string | null };
  readonly target: Target;
  readonly changes: Readonly<Record<string, unknown>>;
  readonly outcome: Outcome;
  readonly durationMs: number | null;
}

/** What the decorator knows before the Rally call. */
export interface Intent {
  readonly surface: Surface;
  readonly operation: Operation;
  readonly actor: string;
  readonly request: AuditEvent['request'];
  readonly target: Target;
  readonly changes: Readonly<Record<string, unknown>>;
  /** When the request's Rally budget runs out: a pending event older than this is `unknown`. */
  readonly deadline: number;
}

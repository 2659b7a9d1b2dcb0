import type { SandboxFailure, SandboxFaults } from '../types/public.js';

export interface NormalizedFaults {
  readonly latencyMs: number;
  readonly errorRate: number;
  readonly errorStatuses: readonly number[];
  readonly resetRate: number;
  /** Consumed (shifted) one per authenticated WSAPI request. */
  readonly failNext: SandboxFailure[];
  readonly maxConcurrentPerUser: number;
}

const rate = (value: number | undefined, name: string, problems: string[]): number => {
  const result = value ?? 0;
  if (!(result >= 0 && result <= 1)) problems.push(`${name} must be between 0 and 1`);
  return result;
};

/** Validates fault options, reporting every bad key at once; the input arrays are copied, never shared. */
export function normalizeFaults(faults: SandboxFaults = {}): NormalizedFaults {
  const problems: string[] = [];
  const latencyMs = faults.latencyMs ?? 0;
  if (!(latencyMs >= 0 && Number.isFinite(latencyMs)))
    problems.push('latencyMs must be a non-negative number');
  const errorRate = rate(faults.errorRate, 'errorRate', problems);
  const resetRate = rate(faults.resetRate, 'resetRate', problems);
  const errorStatuses = [...(faults.errorStatuses ?? [502, 503, 524])];
  if (errorStatuses.length === 0 || errorStatuses.some((s) => !Number.isInteger(s) || s < 400 || s > 599)) {
    problems.push('errorStatuses must be a non-empty list of HTTP status codes 400-599');
  }
  const failNext = [...(faults.failNext ?? [])];
  for (const failure of failNext) {
    if (failure === 'reset' || failure === 'commit-then-reset') continue;
    if (!Number.isInteger(failure.status) || failure.status < 100 || failure.status > 599) {
      problems.push('failNext statuses must be HTTP status codes');
    }
  }
  const maxConcurrentPerUser = faults.maxConcurrentPerUser ?? 12;
  if (!Number.isInteger(maxConcurrentPerUser) || maxConcurrentPerUser < 1) {
    problems.push('maxConcurrentPerUser must be a positive integer');
  }
  if (problems.length > 0) throw new TypeError(`Invalid sandbox faults: ${problems.join('; ')}`);
  return { latencyMs, errorRate, errorStatuses, resetRate, failNext, maxConcurrentPerUser };
}

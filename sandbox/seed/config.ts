import type { SandboxCredentials, SandboxSeedOptions } from '../types/public.js';

export interface SeedConfig {
  readonly users: number;
  readonly randomSeed: number;
  readonly admin: SandboxCredentials;
  readonly viewer: SandboxCredentials;
  /** Fixed Workspace Admin account (not in the public credentials; documented in docs/sandbox.md). */
  readonly workspaceAdmin: SandboxCredentials;
}

const DEFAULT_ADMIN: SandboxCredentials = {
  username: 'admin@rally.sandbox',
  password: 'sandbox-admin',
  apiKey: '_sandboxAdminKey',
};
const DEFAULT_VIEWER: SandboxCredentials = {
  username: 'viewer@rally.sandbox',
  password: 'sandbox-viewer',
  apiKey: '_sandboxViewerKey',
};
const WORKSPACE_ADMIN: SandboxCredentials = {
  username: 'wsadmin@rally.sandbox',
  password: 'sandbox-wsadmin',
  apiKey: '_sandboxWorkspaceAdminKey',
};

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function credentials(
  name: string,
  given: Partial<SandboxCredentials> | undefined,
  fallback: SandboxCredentials,
  problems: string[],
): SandboxCredentials {
  const merged = { ...fallback, ...given };
  if (!EMAIL.test(merged.username)) problems.push(`seed.${name}.username must be in e-mail format`);
  if (!merged.password) problems.push(`seed.${name}.password must not be empty`);
  if (!merged.apiKey) problems.push(`seed.${name}.apiKey must not be empty`);
  return Object.freeze(merged);
}

/** Validates the seed options once, reporting every bad key in one error, and freezes the result. */
export function normalizeSeed(options: SandboxSeedOptions = {}): SeedConfig {
  const problems: string[] = [];
  const users = options.users ?? 60;
  if (!Number.isSafeInteger(users) || users < 0) problems.push('seed.users must be a non-negative integer');
  const randomSeed = options.randomSeed ?? 1;
  if (!Number.isSafeInteger(randomSeed)) problems.push('seed.randomSeed must be an integer');
  const admin = credentials('admin', options.admin, DEFAULT_ADMIN, problems);
  const viewer = credentials('viewer', options.viewer, DEFAULT_VIEWER, problems);
  const fixed = [admin, viewer, WORKSPACE_ADMIN];
  if (new Set(fixed.map((c) => c.username.toLowerCase())).size !== fixed.length) {
    problems.push('seed.admin, seed.viewer and the workspace admin must have distinct usernames');
  }
  if (new Set(fixed.map((c) => c.apiKey)).size !== fixed.length) {
    problems.push('seed.admin, seed.viewer and the workspace admin must have distinct apiKeys');
  }
  if (problems.length > 0) throw new TypeError(`Invalid sandbox seed options: ${problems.join('; ')}`);
  return Object.freeze({ users, randomSeed, admin, viewer, workspaceAdmin: WORKSPACE_ADMIN });
}

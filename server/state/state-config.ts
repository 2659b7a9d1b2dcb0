import { z } from 'zod';
import { Secret } from '../auth/secrets.js';

/**
 * Shared state and metrics configuration (docs/operations.md). server/config.ts spreads
 * `stateEnvShape` into its schema and calls `stateProblems` and `toStateConfig`.
 */
export interface StateConfig {
  /** Undefined: every piece of state in this process's memory (the zero-setup default). */
  readonly redis?: {
    /** May carry a password: never logged. */
    readonly url: Secret;
    readonly prefix: string;
    /** Deadline of one Redis command. */
    readonly timeoutMs: number;
  };
  /** Keys the identity hash (server/state/identity-hash.ts); SESSION_SECRET when set. */
  readonly hashSecret?: Secret;
}

export interface MetricsConfig {
  /** `GET /metrics` on the service port needs `Authorization: Bearer <token>`. */
  readonly token?: Secret;
  /** A separate listener that serves only /metrics (on HOST); undefined: none. */
  readonly port?: number;
}

const count = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

export const stateEnvShape = {
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\/[^\s]+$/, 'must be a redis:// or rediss:// URL')
    .refine((u) => URL.canParse(u), 'must be a redis:// or rediss:// URL')
    .optional(),
  REDIS_PREFIX: z
    .string()
    .regex(/^[\w:.-]{1,64}$/, 'letters, digits, "_", ":", "." and "-" only, at most 64')
    .default('rally-okta:'),
  REDIS_TIMEOUT_MS: count(50, 30_000).default(1000),
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters (e.g. openssl rand -hex 24)').optional(),
  METRICS_PORT: count(0, 65535).optional(),
};

type StateEnv = z.output<z.ZodObject<typeof stateEnvShape>>;

export function stateProblems(env: Readonly<Record<string, string>>): string[] {
  const problems: string[] = [];
  if (env.REDIS_URL !== undefined && env.SESSION_SECRET === undefined)
    problems.push(
      'REDIS_URL: set SESSION_SECRET too, the same on every replica: it keys the hashes under which failed-auth counters are shared in Redis',
    );
  if (env.METRICS_PORT !== undefined && env.METRICS_PORT !== '0' && env.METRICS_PORT === (env.PORT ?? '3000'))
    problems.push('METRICS_PORT: must differ from PORT (metrics are served on a listener of their own)');
  return problems;
}

export function toStateConfig(e: StateEnv & { SESSION_SECRET?: string | undefined }): {
  state: StateConfig;
  metrics: MetricsConfig;
} {
  return {
    state: {
      ...(e.REDIS_URL !== undefined && {
        redis: { url: new Secret(e.REDIS_URL), prefix: e.REDIS_PREFIX, timeoutMs: e.REDIS_TIMEOUT_MS },
      }),
      ...(e.SESSION_SECRET !== undefined && { hashSecret: new Secret(e.SESSION_SECRET) }),
    },
    metrics: {
      ...(e.METRICS_TOKEN !== undefined && { token: new Secret(e.METRICS_TOKEN) }),
      ...(e.METRICS_PORT !== undefined && { port: e.METRICS_PORT }),
    },
  };
}

import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { startChild } from './child.js';
import type { SandboxReady } from './fronts.js';
import { fmt, load, type LoadResult } from './load.js';
import { startRedisServer } from './redis-server.js';

const CONNECTIONS = 50;
const ROUNDS = 3;
const PAGE = 200;

/**
 * Issue "run as a fleet": what keeping shared state in Redis costs a connector page. The same
 * service runs twice, in-process state (no REDIS_URL) and Redis state (a real redis-server on
 * loopback), and takes the same load through the failed-auth gate (a credential that authenticated
 * from the address passes it without a counter read). Target: Redis mode within 0.9× of in-process
 * throughput.
 */
export async function benchState(opts: { users: number; seconds?: number }): Promise<void> {
  const seconds = opts.seconds ?? 5;
  const redisBinary = findOnPath('redis-server');
  console.log(`\n## Shared state: in-process vs Redis (GET /connector/v1/users?limit=${PAGE})`);
  if (!redisBinary) {
    console.log('redis-server not found: skipped (sudo apt-get install redis-server)');
    return;
  }
  const sandbox = startChild<SandboxReady>('./sandbox-child.ts', [String(opts.users), '0']);
  const redis = await startRedisServer(redisBinary);
  try {
    const ready = await sandbox.ready;
    const headers = { authorization: `Bearer ${ready.credentials.admin.apiKey}` };
    const memoryFront = startChild<{ port: number }>('./fleet-child.ts', [ready.baseUrl]);
    const redisFront = startChild<{ port: number }>('./fleet-child.ts', [ready.baseUrl, redis.url]);
    const fronts = [memoryFront, redisFront];
    let memory: LoadResult;
    let shared: LoadResult;
    try {
      const [m, r] = await Promise.all(fronts.map(async (f) => `http://127.0.0.1:${(await f.ready).port}`));
      const go = (origin: string, s: number) =>
        load({
          origin,
          path: () => `/connector/v1/users?limit=${PAGE}`,
          headers,
          connections: CONNECTIONS,
          seconds: s,
        });
      // Warm-up (JIT, keep-alive pools, Redis scripts), then rounds taken in turn, so a busy
      // moment of the machine falls on both modes alike.
      await go(m!, 1);
      await go(r!, 1);
      const rounds: Array<[LoadResult, LoadResult]> = [];
      for (let i = 0; i < ROUNDS; i++)
        rounds.push([await go(m!, seconds / ROUNDS), await go(r!, seconds / ROUNDS)]);
      memory = combine(rounds.map((x) => x[0]));
      shared = combine(rounds.map((x) => x[1]));
    } finally {
      await Promise.all(fronts.map((f) => f.stop()));
    }
    const line = (label: string, r: LoadResult) =>
      console.log(
        `${label}: ${fmt(r.rps)} req/s, p50 ${fmt(r.p50)} ms, p99 ${fmt(r.p99)} ms (${r.requests} requests, ${r.errors} errors)`,
      );
    console.log(
      `(${ROUNDS} rounds of ${fmt(seconds / ROUNDS)} s in turn, ${CONNECTIONS} keep-alive connections)`,
    );
    line('in-process state (no REDIS_URL)', memory);
    line('Redis state (REDIS_URL)        ', shared);
    const ratio = shared.rps / memory.rps;
    console.log(
      `Redis / in-process: throughput ${fmt(ratio, 2)} (target ≥ 0.9: ${ratio >= 0.9 ? 'met' : 'NOT met'}), p99 ${fmt(shared.p99 / memory.p99, 2)}×`,
    );
  } finally {
    await sandbox.stop();
    await redis.stop();
  }
}

/** Rounds together: all requests over all time; latency percentiles as the median round's. */
function combine(rounds: LoadResult[]): LoadResult {
  const requests = rounds.reduce((n, r) => n + r.requests, 0);
  const secs = rounds.reduce((n, r) => n + r.seconds, 0);
  const median = (pick: (r: LoadResult) => number) =>
    rounds.map(pick).sort((a, b) => a - b)[Math.floor(rounds.length / 2)]!;
  return {
    requests,
    errors: rounds.reduce((n, r) => n + r.errors, 0),
    seconds: secs,
    rps: requests / secs,
    p50: median((r) => r.p50),
    p99: median((r) => r.p99),
  };
}

function findOnPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter).filter(Boolean)) {
    try {
      accessSync(join(dir, name), constants.X_OK);
      return join(dir, name);
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

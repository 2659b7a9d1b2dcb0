import { startChild, type Child } from './child.js';
import { load, type LoadResult } from './load.js';

export type Measured = LoadResult & { cpuMsPerRequest: number };
export interface LoadOptions {
  headers: Record<string, string>;
  seconds: number;
  connections: number;
}

/** What bench/sandbox-child.ts reports once it listens. */
export interface SandboxReady {
  origin: string;
  baseUrl: string;
  users: number;
  credentials: { admin: { apiKey: string } };
}

/** Starts several HTTP fronts (bench/connector-child.ts), each in its own process. */
export async function withFronts<T>(
  kinds: readonly string[],
  ready: SandboxReady,
  fn: (fronts: Array<{ origin: string; child: Child<unknown> }>) => Promise<T>,
): Promise<T> {
  const children = kinds.map((kind) =>
    startChild<{ port: number }>('./connector-child.ts', [kind, ready.baseUrl]),
  );
  try {
    const ports = await Promise.all(children.map((c) => c.ready));
    return await fn(
      ports.map(({ port }, i) => ({
        origin: `http://127.0.0.1:${port}`,
        child: children[i] as Child<unknown>,
      })),
    );
  } finally {
    await Promise.all(children.map((c) => c.stop()));
  }
}

/** One HTTP front in its own process. */
export async function withFront<T>(
  kind: string,
  ready: SandboxReady,
  fn: (origin: string, front: Child<unknown>) => Promise<T>,
): Promise<T> {
  const front = startChild<{ port: number }>('./connector-child.ts', [kind, ready.baseUrl]);
  try {
    const { port } = await front.ready;
    return await fn(`http://127.0.0.1:${port}`, front as Child<unknown>);
  } finally {
    await front.stop();
  }
}

export interface FrontReport {
  peakRssMb: number;
  maxRssMb: number;
  cpuMs: number;
}

/** A front's CPU time and peak RSS (sampled since its last resetPeak). */
export function report(child: Child<unknown>): Promise<FrontReport> {
  return new Promise((resolve) => {
    child.proc.once('message', (m) => resolve(m as FrontReport));
    child.proc.send({ report: true });
  });
}

/** Replaces the sandbox child's faults and waits for it to confirm. */
export function setFaults(child: Child<unknown>, faults: Record<string, unknown>): Promise<void> {
  return new Promise((resolve) => {
    child.proc.once('message', () => resolve());
    child.proc.send({ faults });
  });
}

/** `measure`, plus the CPU time the front spent per request while under load. */
export async function measureFront(
  front: Child<unknown>,
  origin: string,
  path: string,
  opts: LoadOptions,
  warmUp = true,
): Promise<Measured> {
  const { headers, seconds, connections } = opts;
  if (warmUp) await load({ origin, path: () => path, headers, connections, seconds: 1 });
  const before = await report(front);
  const r = await load({ origin, path: () => path, headers, connections, seconds });
  const after = await report(front);
  return { ...r, cpuMsPerRequest: (after.cpuMs - before.cpuMs) / Math.max(1, r.requests + r.errors) };
}

/** Runs of one front taken together: throughput over all of them, latencies and CPU averaged. */
function combine(runs: ReadonlyArray<Measured>): Measured {
  const sum = (f: (r: Measured) => number) => runs.reduce((a, r) => a + f(r), 0);
  const requests = sum((r) => r.requests);
  return {
    requests,
    errors: sum((r) => r.errors),
    seconds: sum((r) => r.seconds),
    rps: requests / sum((r) => r.seconds),
    p50: sum((r) => r.p50) / runs.length,
    p99: sum((r) => r.p99) / runs.length,
    cpuMsPerRequest: sum((r) => r.cpuMsPerRequest * r.requests) / Math.max(1, requests),
  };
}

/**
 * The reference proxy and one of our fronts under the same load, taking turns twice so a noisy
 * neighbour on a shared machine hits both alike.
 */
export async function compareFronts(
  ready: SandboxReady,
  reference: { kind: string; path: string },
  ours: { kind: string; path: string },
  opts: LoadOptions,
): Promise<[Measured, Measured]> {
  return withFronts([reference.kind, ours.kind], ready, async ([ref, svc]) => {
    const runs: [Measured[], Measured[]] = [[], []];
    for (let round = 0; round < 2; round++) {
      runs[0].push(await measureFront(ref!.child, ref!.origin, reference.path, opts, round === 0));
      runs[1].push(await measureFront(svc!.child, svc!.origin, ours.path, opts, round === 0));
    }
    return [combine(runs[0]), combine(runs[1])];
  });
}

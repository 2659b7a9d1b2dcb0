import { Pool } from 'undici';
import { startChild } from './child.js';
import { compareFronts, report, setFaults, withFront, type SandboxReady } from './fronts.js';
import { fmt, type LoadResult } from './load.js';

const COUNT = 100;
const CONNECTIONS = 50;

/**
 * Issue "SCIM 2.0 facade": a full import as Okta runs it (sequential startIndex/count=100 pages)
 * with 100 ms of Rally latency, read-ahead vs the naive one-Rally-request-per-Okta-page mapping;
 * and the throughput of a count=100 page next to the bare reference proxy.
 */
export async function benchScim(opts: { users: number; seconds?: number }): Promise<void> {
  const seconds = opts.seconds ?? 5;
  const sandbox = startChild<SandboxReady>('./sandbox-child.ts', [String(opts.users), '0']);
  const ready = await sandbox.ready;
  const key = ready.credentials.admin.apiKey;
  console.log(`\n## SCIM 2.0 facade (${ready.users} users)`);
  try {
    await pageThroughput(ready, key, seconds);
    await setFaults(sandbox, { latencyMs: 100 });
    await fullImport(ready, key);
  } finally {
    await sandbox.stop();
  }
}

async function pageThroughput(ready: SandboxReady, key: string, seconds: number): Promise<void> {
  const headers = { authorization: `Bearer ${key}` };
  const path = `/scim/v2/Users?startIndex=1&count=${COUNT}`;
  const [reference, ours] = await compareFronts(
    ready,
    { kind: 'reference', path },
    { kind: 'service-naive', path },
    { headers, seconds, connections: CONNECTIONS },
  );
  const line = (label: string, r: LoadResult) =>
    console.log(
      `${label}: ${fmt(r.rps)} req/s, p50 ${fmt(r.p50)} ms, p99 ${fmt(r.p99)} ms (${r.errors} errors)`,
    );
  console.log(`\n### Page throughput: GET ${path}, ${CONNECTIONS} keep-alive connections`);
  line('reference proxy (bare http) ', reference);
  line('SCIM facade, no cache       ', ours);
  const ratio = ours.rps / reference.rps;
  console.log(
    `SCIM / reference throughput: ${fmt(ratio, 2)} (target ≥ 0.8: ${ratio >= 0.8 ? 'met' : 'NOT met'})`,
  );
  console.log('(no cache: each request makes the one Rally query the reference makes)');
}

async function fullImport(ready: SandboxReady, key: string): Promise<void> {
  const naive = await withFront('service-naive', ready, (origin) => importLoop(origin, key));
  const front = startChild<{ port: number }>('./connector-child.ts', ['service', ready.baseUrl]);
  let ours: Awaited<ReturnType<typeof importLoop>>;
  let peakRssMb: number;
  try {
    const { port } = await front.ready;
    front.proc.send({ resetPeak: true });
    ours = await importLoop(`http://127.0.0.1:${port}`, key);
    peakRssMb = (await report(front)).peakRssMb;
  } finally {
    await front.stop();
  }
  for (const r of [naive, ours]) {
    if (r.count !== ready.users || r.duplicates > 0) {
      throw new Error(`import mismatch: ${r.count} users, ${r.duplicates} repeated, expected ${ready.users}`);
    }
  }
  const speedup = naive.ms / ours.ms;
  console.log(
    `\n### Full import as Okta runs it: ${ready.users} users, GET /Users?startIndex=N&count=${COUNT} one after another, 100 ms Rally latency`,
  );
  console.log(`naive (one Rally request per Okta page): ${fmt(naive.ms, 0)} ms`);
  console.log(
    `read-ahead (2000-user Rally pages):      ${fmt(ours.ms, 0)} ms; ${ours.pages} pages, none missing or repeated`,
  );
  console.log(
    `speed-up: ${fmt(speedup, 1)}× (target ≥ 5: ${speedup >= 5 ? 'met' : 'NOT met'}); service peak RSS ${fmt(peakRssMb, 0)} MB`,
  );
}

/** Okta's import: the next page only after the last one, until totalResults is reached. */
async function importLoop(origin: string, key: string) {
  const pool = new Pool(origin, { connections: 1 });
  const seen = new Set<string>();
  let count = 0;
  let pages = 0;
  const started = performance.now();
  for (let start = 1, total = Infinity; start <= total; start += COUNT) {
    const res = await pool.request({
      method: 'GET',
      path: `/scim/v2/Users?startIndex=${start}&count=${COUNT}`,
      headers: { authorization: `Bearer ${key}` },
    });
    const body = (await res.body.json()) as { totalResults: number; Resources: Array<{ id: string }> };
    if (res.statusCode !== 200)
      throw new Error(`import failed with ${res.statusCode}: ${JSON.stringify(body)}`);
    total = body.totalResults;
    for (const u of body.Resources) {
      count++;
      seen.add(u.id);
    }
    pages++;
  }
  const ms = performance.now() - started;
  await pool.close();
  return { ms, count, pages, duplicates: count - seen.size };
}

import { Pool, request } from 'undici';
import { USER_FETCH } from '../connector/rally/index.js';
import { runChild, startChild, type Child } from './child.js';
import { compareFronts, measureFront, report, setFaults, withFront, type SandboxReady } from './fronts.js';
import { fmt, load, type LoadResult } from './load.js';

interface IterateResult {
  count: number;
  checksum: number;
  ms: number;
  peakRssMb: number;
}

const CONNECTIONS = 50;
const PAGE = 200;

/**
 * Issue "Okta Workflows connector API": what our request pipeline costs next to the least any
 * adapter must do, and how much faster the read-ahead listing is than plain sequential paging.
 * The sandbox, each HTTP front and the plain loop run in their own processes; load comes from here.
 */
export async function benchConnector(opts: { users: number; seconds?: number }): Promise<void> {
  const seconds = opts.seconds ?? 5;
  const sandbox = startChild<SandboxReady>('./sandbox-child.ts', [String(opts.users), '0']);
  const ready = await sandbox.ready;
  const key = ready.credentials.admin.apiKey;
  console.log(`\n## Okta Workflows connector (${ready.users} users, ${CONNECTIONS} keep-alive connections)`);
  try {
    await adapterCost(ready, key, seconds);
    await setFaults(sandbox, { latencyMs: 100 });
    await fullListing(ready, key);
  } finally {
    await sandbox.stop();
  }
}

async function adapterCost(ready: SandboxReady, key: string, seconds: number): Promise<void> {
  const wsapi = new URL(ready.baseUrl).pathname;
  const query = new URLSearchParams({
    query: '((Disabled = true) OR (Disabled = false))',
    fetch: USER_FETCH,
    order: 'ObjectID',
    start: '1',
    pagesize: String(PAGE),
  });
  const direct = await measure(ready.origin, `${wsapi}/user?${query}`, { zsessionid: key }, seconds);
  const bearer = { authorization: `Bearer ${key}` };
  const [reference, ours] = await compareFronts(
    ready,
    { kind: 'reference', path: `/users?limit=${PAGE}` },
    { kind: 'service-nocache', path: `/connector/v1/users?limit=${PAGE}` },
    { headers: bearer, seconds, connections: CONNECTIONS },
  );
  const cached = await withFront('service', ready, async (origin, front) => {
    const first = await request(`${origin}/connector/v1/users?limit=${PAGE}`, { headers: bearer });
    const { nextCursor } = (await first.body.json()) as { nextCursor: string };
    const next = `/connector/v1/users?limit=${PAGE}&cursor=${encodeURIComponent(nextCursor)}`;
    return measureFront(front, origin, next, { headers: bearer, seconds, connections: CONNECTIONS });
  });
  const line = (label: string, r: LoadResult & { cpuMsPerRequest?: number }) =>
    console.log(
      `${label}: ${fmt(r.rps)} req/s, p50 ${fmt(r.p50)} ms, p99 ${fmt(r.p99)} ms` +
        (r.cpuMsPerRequest === undefined ? '' : `, ${fmt(r.cpuMsPerRequest, 2)} CPU ms/request`) +
        ` (${r.requests} requests, ${r.errors} errors)`,
    );
  console.log(`\n### Adapter cost: GET /users?limit=${PAGE}`);
  line('sandbox WSAPI directly       ', direct);
  line('reference proxy (bare http)  ', reference);
  line('connector API, no cache      ', ours);
  line('connector API, next page     ', cached);
  const ratio = ours.rps / reference.rps;
  console.log(
    `connector / reference: throughput ${fmt(ratio, 2)} (target ≥ 0.8: ${ratio >= 0.8 ? 'met' : 'NOT met'}), p50 ${fmt(ours.p50 / reference.p50, 2)}×, p99 ${fmt(ours.p99 / reference.p99, 2)}×, CPU per request ${fmt(ours.cpuMsPerRequest / reference.cpuMsPerRequest, 2)}×`,
  );
  console.log(
    `against the sandbox directly: throughput reference ${fmt(reference.rps / direct.rps, 2)}, connector ${fmt(ours.rps / direct.rps, 2)}; p50 reference ${fmt(reference.p50 / direct.p50, 2)}×, connector ${fmt(ours.p50 / direct.p50, 2)}×`,
  );
  console.log(
    '(no cache: each request makes the same single Rally query as the reference; next page: the default service answering a cursor page from its read-ahead block)',
  );
}

async function fullListing(ready: SandboxReady, key: string): Promise<void> {
  const plain = await runChild<IterateResult>('./iterate-child.ts', [
    'sequential',
    ready.baseUrl,
    key,
    String(PAGE),
  ]);
  const front = startChild<{ port: number }>('./connector-child.ts', ['service', ready.baseUrl]);
  try {
    const { port } = await front.ready;
    front.proc.send({ resetPeak: true });
    const ours = await cursorLoop(`http://127.0.0.1:${port}`, key);
    const { peakRssMb, maxRssMb } = await report(front as Child<unknown>);
    if (ours.count !== ready.users || ours.checksum !== plain.checksum || ours.duplicates > 0) {
      throw new Error(
        `listing mismatch: ${ours.count} users, ${ours.duplicates} duplicates, expected ${ready.users}`,
      );
    }
    const ratio = ours.ms / plain.ms;
    console.log(
      `\n### Full listing: all ${ready.users} users, 100 ms Rally latency, page size ${PAGE}, one request after another`,
    );
    console.log(
      `plain sequential WSAPI paging: ${fmt(plain.ms, 0)} ms (${Math.ceil(ready.users / PAGE)} Rally pages)`,
    );
    console.log(
      `connector cursor loop:         ${fmt(ours.ms, 0)} ms (${ours.pages} pages, no duplicates or gaps)`,
    );
    console.log(`time ratio: ${fmt(ratio, 2)}× (target ≤ 0.5: ${ratio <= 0.5 ? 'met' : 'NOT met'})`);
    console.log(
      `service peak RSS during the listing: ${fmt(peakRssMb, 0)} MB (target < 200 MB: ${peakRssMb < 200 ? 'met' : 'NOT met'}); process high-water mark since start: ${fmt(maxRssMb, 0)} MB`,
    );
  } finally {
    await front.stop();
  }
}

/** What a Workflows Paginate loop does: the next page only after the last one arrived. */
async function cursorLoop(origin: string, key: string) {
  const pool = new Pool(origin, { connections: 1 });
  const seen = new Set<string>();
  let count = 0;
  let checksum = 0;
  let pages = 0;
  let cursor: string | null = null;
  const started = performance.now();
  do {
    const path = `/connector/v1/users?limit=${PAGE}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const res = await pool.request({ method: 'GET', path, headers: { authorization: `Bearer ${key}` } });
    const body = (await res.body.json()) as { users: Array<{ id: string }>; nextCursor: string | null };
    if (res.statusCode !== 200)
      throw new Error(`listing failed with ${res.statusCode}: ${JSON.stringify(body)}`);
    for (const u of body.users) {
      count++;
      checksum += Number(u.id) % 7;
      seen.add(u.id);
    }
    pages++;
    cursor = body.nextCursor;
  } while (cursor);
  const ms = performance.now() - started;
  await pool.close();
  return { count, checksum, pages, ms, duplicates: count - seen.size };
}

async function measure(
  origin: string,
  path: string,
  headers: Record<string, string>,
  seconds: number,
): Promise<LoadResult> {
  const run = (s: number) =>
    load({ origin, path: () => path, headers, connections: CONNECTIONS, seconds: s });
  await run(1); // warm-up: JIT, keep-alive pools, caches
  return run(seconds);
}

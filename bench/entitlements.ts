import { Pool } from 'undici';
import { startChild, type Child } from './child.js';
import { setFaults, withFront, type SandboxReady } from './fronts.js';
import { fmt } from './load.js';

const COUNT = 100;

/**
 * Issue "Rally roles as SCIM entitlements": Okta's full import (sequential startIndex/count=100
 * pages) at 100 ms Rally latency with each user's entitlements, against the same import without
 * them (`excludedAttributes=entitlements`); target ≤ 2×. Prints the Rally calls each takes.
 */
export async function benchEntitlements(opts: { users: number }): Promise<void> {
  const sandbox = startChild<SandboxReady>('./sandbox-child.ts', [String(opts.users), '0']);
  const ready = await sandbox.ready;
  const key = ready.credentials.admin.apiKey;
  console.log(`\n## SCIM entitlements (${ready.users} users)`);
  try {
    await setFaults(sandbox, { latencyMs: 100 });
    const without = await measured(sandbox, ready, key, '&excludedAttributes=entitlements');
    const withEnt = await measured(sandbox, ready, key, '');
    const ratio = withEnt.ms / without.ms;
    console.log(
      `\n### Full import as Okta runs it: GET /Users?startIndex=N&count=${COUNT} one after another, 100 ms Rally latency`,
    );
    console.log(
      `without entitlements: ${fmt(without.ms, 0)} ms, ${without.rallyCalls} Rally calls, ${without.count} users`,
    );
    console.log(
      `with entitlements:    ${fmt(withEnt.ms, 0)} ms, ${withEnt.rallyCalls} Rally calls, ${withEnt.count} users, ${withEnt.entitlements} entitlements`,
    );
    console.log(`with / without: ${fmt(ratio, 2)}× (target ≤ 2: ${ratio <= 2 ? 'met' : 'NOT met'})`);
  } finally {
    await sandbox.stop();
  }
}

async function measured(sandbox: Child<SandboxReady>, ready: SandboxReady, key: string, extra: string) {
  // A fresh service per run: nothing read by one run is cached for the other.
  return withFront('service', ready, async (origin) => {
    const before = await rallyRequests(sandbox);
    const r = await importLoop(origin, key, extra);
    const rallyCalls = (await rallyRequests(sandbox)) - before;
    if (r.count !== ready.users) throw new Error(`import saw ${r.count} users, expected ${ready.users}`);
    return { ...r, rallyCalls };
  });
}

function rallyRequests(child: Child<unknown>): Promise<number> {
  return new Promise((resolve) => {
    child.proc.once('message', (m) => resolve((m as { stats: { requests: number } }).stats.requests));
    child.proc.send({ stats: true });
  });
}

async function importLoop(origin: string, key: string, extra: string) {
  const pool = new Pool(origin, { connections: 1 });
  let count = 0;
  let entitlements = 0;
  const started = performance.now();
  for (let start = 1, total = Infinity; start <= total; start += COUNT) {
    const res = await pool.request({
      method: 'GET',
      path: `/scim/v2/Users?startIndex=${start}&count=${COUNT}${extra}`,
      headers: { authorization: `Bearer ${key}` },
    });
    const body = (await res.body.json()) as {
      totalResults: number;
      Resources: Array<{ entitlements?: unknown[] }>;
    };
    if (res.statusCode !== 200)
      throw new Error(`import failed with ${res.statusCode}: ${JSON.stringify(body)}`);
    total = body.totalResults;
    count += body.Resources.length;
    for (const u of body.Resources) entitlements += u.entitlements?.length ?? 0;
  }
  const ms = performance.now() - started;
  await pool.close();
  return { ms, count, entitlements };
}

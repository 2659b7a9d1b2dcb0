import { startChild, runChild } from './child.js';
import { setFaults, type SandboxReady } from './fronts.js';
import { fmt, load } from './load.js';

interface IterateResult {
  mode: string;
  count: number;
  checksum: number;
  ms: number;
  peakRssMb: number;
}

/** Issue "Project foundation": sandbox query throughput, client iteration time and memory. */
export async function benchRally(opts: { users: number; seconds: number }): Promise<void> {
  const sb = startChild<SandboxReady & { seedMs: number }>('./sandbox-child.ts', [String(opts.users), '0']);
  const ready = await sb.ready;
  const key = ready.credentials.admin.apiKey;
  const path = new URL(ready.baseUrl).pathname;
  console.log(`\n## Rally sandbox and client (${ready.users} users; seeded in ${fmt(ready.seedMs, 0)} ms)`);
  try {
    for (const pageSize of [200, 2000]) {
      const pages = Math.ceil(ready.users / pageSize);
      const r = await load({
        origin: ready.origin,
        connections: 8,
        seconds: opts.seconds,
        headers: { zsessionid: key },
        path: (i) =>
          `${path}/user?query=${encodeURIComponent('((Disabled = true) OR (Disabled = false))')}&fetch=true&order=ObjectID&pagesize=${pageSize}&start=${1 + (i % pages) * pageSize}`,
      });
      console.log(
        `sandbox query pagesize=${pageSize}: ${fmt(r.rps)} pages/s = ${fmt(r.rps * pageSize, 0)} users/s, p50 ${fmt(r.p50)} ms, p99 ${fmt(r.p99)} ms, errors ${r.errors}`,
      );
    }
    for (const latency of [0, 100]) {
      await setFaults(sb, latency > 0 ? { latencyMs: latency } : {});
      for (const pageSize of [2000, 200]) {
        const plain = await runChild<IterateResult>('./iterate-child.ts', [
          'sequential',
          ready.baseUrl,
          key,
          String(pageSize),
        ]);
        const client = await runChild<IterateResult>('./iterate-child.ts', [
          'client',
          ready.baseUrl,
          key,
          String(pageSize),
        ]);
        if (
          plain.count !== ready.users ||
          client.count !== ready.users ||
          plain.checksum !== client.checksum
        ) {
          throw new Error(
            `iteration mismatch: plain ${plain.count}, client ${client.count}, expected ${ready.users}`,
          );
        }
        console.log(
          `iterate all ${ready.users} users, latency ${latency} ms, pagesize ${pageSize}: client ${fmt(client.ms, 0)} ms / peak RSS ${fmt(client.peakRssMb, 0)} MB vs sequential loop ${fmt(plain.ms, 0)} ms / ${fmt(plain.peakRssMb, 0)} MB → time ratio ${fmt(client.ms / plain.ms, 2)}×, RSS ratio ${fmt(client.peakRssMb / plain.peakRssMb, 2)}×`,
        );
      }
    }
  } finally {
    await sb.stop();
  }
}

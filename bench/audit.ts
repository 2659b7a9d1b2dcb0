import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { request } from 'undici';
import { createUserWindows } from '../connector/listing/user-window.js';
import { createRallyClient } from '../connector/rally/index.js';
import { createApp } from '../server/app.js';
import { createAudit } from '../server/audit/index.js';
import { loadConfig } from '../server/config.js';
import { createLogger } from '../server/logger.js';
import { openStore, type Db } from '../store/index.js';
import { startPostgres, type PostgresServer } from '../test/helpers/postgres.js';
import { startChild } from './child.js';
import { setFaults, type SandboxReady } from './fronts.js';
import { fmt } from './load.js';

const CREATES = 150;

/**
 * Audit trail: create latency with the audit on (SQLite, PostgreSQL) vs off, sequential creates
 * through the connector API against the sandbox; then reconciliation of 20,000 users with 100 ms
 * of Rally latency, timed, with the service's peak RSS.
 */
export async function benchAudit(opts: { users: number }): Promise<void> {
  console.log('\n## Audit trail');
  await createLatency();
  await reconciliation(opts.users);
}

async function createLatency(): Promise<void> {
  const sandbox = startChild<SandboxReady>('./sandbox-child.ts', ['0', '0']);
  const ready = await sandbox.ready;
  const dir = mkdtempSync(join(tmpdir(), 'bench-audit-'));
  let pg: PostgresServer | undefined;
  const dbs: Db[] = [];
  try {
    const initdb = debianInitdb();
    pg = initdb ? await startPostgres(initdb) : undefined;
    const modes: Array<{ name: string; db?: Db }> = [{ name: 'audit off' }];
    const sqlite = await openStore({ dataDir: dir });
    dbs.push(sqlite);
    modes.push({ name: 'audit on, SQLite', db: sqlite });
    if (pg) {
      const p = await openStore({ dataDir: dir, databaseUrl: await pg.createDatabase() });
      dbs.push(p);
      modes.push({ name: 'audit on, PostgreSQL', db: p });
    } else console.log('(PostgreSQL not installed: its row is skipped)');
    const logger = createLogger({ level: 'silent' });
    const config = loadConfig({ RALLY_URL: ready.baseUrl, AUTH_FAIL_LIMIT: '0' });
    const rally = createRallyClient({ baseUrl: ready.baseUrl });
    const base = { config, logger, rally, userWindows: createUserWindows({ client: rally }) };
    let n = 0;
    // The audit's cost is a fixed few tenths of a millisecond per write: its intent must be
    // committed before the Rally call, one database round trip. Against a Rally that answers at
    // once that cost is laid bare, and a ratio to a 2 ms baseline no deployment sees says little,
    // so the 0 ms rows print the cost only. The target is judged where Rally takes time: 10 ms (a
    // Rally far faster than any real one) and the 100 ms the other sections model Rally with.
    for (const { latencyMs, creates } of [
      { latencyMs: 0, creates: CREATES },
      { latencyMs: 10, creates: 90 },
      { latencyMs: 100, creates: 45 },
    ]) {
      await setFaults(sandbox, { latencyMs });
      const samples = new Map<string, number[]>(modes.map((m) => [m.name, []]));
      // Rounds interleave the modes, so drift (JIT, sandbox growth) falls on all of them alike.
      for (let round = 0; round < 3; round++) {
        for (const m of modes) {
          const app = createApp({ ...base, ...(m.db && { audit: createAudit({ db: m.db, logger }) }) });
          const server = createServer(app);
          await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
          const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/connector/v1/users`;
          for (let i = 0; i < creates / 3; i++) {
            const name = `bench.${++n}@example.com`;
            const t = performance.now();
            const res = await request(url, {
              method: 'POST',
              headers: {
                authorization: `Bearer ${ready.credentials.admin.apiKey}`,
                'content-type': 'application/json',
              },
              body: JSON.stringify({ userName: name, email: name, firstName: 'Bench' }),
            });
            await res.body.text();
            if (res.statusCode !== 201) throw new Error(`create answered ${res.statusCode}`);
            if (i >= 3) samples.get(m.name)!.push(performance.now() - t);
          }
          server.closeAllConnections();
          await new Promise((r) => server.close(r));
        }
      }
      console.log(
        `\n### Create User latency, audit on vs off, ${latencyMs} ms Rally latency (${creates} sequential creates per mode)`,
      );
      const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
      const off = median(samples.get('audit off')!);
      for (const [name, xs] of samples) {
        const ratio = median(xs) / off;
        const cost = ` → +${fmt(median(xs) - off, 2)} ms, ${fmt(ratio, 2)}× off`;
        const target =
          name === 'audit off'
            ? ''
            : latencyMs === 0
              ? `${cost} (the fixed cost per write; no target against an instant Rally)`
              : `${cost} (target ≤ 1.1: ${ratio <= 1.1 ? 'met' : 'NOT met'})`;
        console.log(`${name.padEnd(22)} p50 ${fmt(median(xs), 2)} ms${target}`);
      }
    }
    await rally.close();
  } finally {
    for (const db of dbs) await db.close();
    await pg?.stop();
    rmSync(dir, { recursive: true, force: true });
    await sandbox.stop();
  }
}

async function reconciliation(users: number): Promise<void> {
  const sandbox = startChild<SandboxReady>('./sandbox-child.ts', [String(users), '0']);
  const ready = await sandbox.ready;
  const dir = mkdtempSync(join(tmpdir(), 'bench-recon-'));
  const cli = fileURLToPath(new URL('../server/cli.js', import.meta.url));
  const child = spawn(process.execPath, ['--max-semi-space-size=8', cli, 'serve'], {
    env: {
      PATH: process.env.PATH ?? '',
      PORT: '0',
      DATA_DIR: dir,
      RALLY_URL: ready.baseUrl,
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const url = await new Promise<string>((resolve) =>
      createInterface({ input: child.stdout }).on('line', (l) => {
        const m = /"url":"([^"]+)".*listening/.exec(l);
        if (m) resolve(m[1]!);
      }),
    );
    await setFaults(sandbox, { latencyMs: 100 });
    const t = performance.now();
    const res = await request(`${url}/audit/v1/reconciliation?format=csv`, {
      headers: { authorization: `Bearer ${ready.credentials.admin.apiKey}` },
    });
    let lines = 0;
    for await (const chunk of res.body) lines += (chunk.toString().match(/\n/g) ?? []).length;
    const ms = performance.now() - t;
    const peak = Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1]) / 1024;
    console.log(`\n### Reconciliation of ${ready.users} users, 100 ms Rally latency`);
    console.log(
      `${fmt(ms / 1000, 2)} s for ${lines - 1} findings (CSV), service peak RSS ${fmt(peak, 0)} MB`,
    );
  } finally {
    child.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
    await sandbox.stop();
  }
}

/** Debian's PostgreSQL server programs live off PATH, under /usr/lib/postgresql/<major>/bin. */
function debianInitdb(): string | undefined {
  const root = '/usr/lib/postgresql';
  const majors = existsSync(root) ? readdirSync(root).sort((a, b) => Number(b) - Number(a)) : [];
  return majors.map((v) => `${root}/${v}/bin/initdb`).find((p) => existsSync(p));
}

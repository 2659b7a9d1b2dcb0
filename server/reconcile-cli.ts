import { readFileSync } from 'node:fs';
import type { Writable } from 'node:stream';
import { RECON_CSV_HEADER, reconCsv } from '../audit/export.js';
import { createEventStore } from '../audit/event-store.js';
import { createLinkStore } from '../audit/links.js';
import { reconcile, type ReconRow } from '../audit/reconcile.js';
import { createRallyClient, type RallyCredential } from '../connector/rally/index.js';
import { openStore } from '../store/index.js';
import { readSecretFiles } from './auth/secrets.js';
import { loadConfig } from './config.js';

const USAGE = `Usage: rally-okta reconcile [--csv | --json]

Reports active Rally users Okta does not manage, users this service deactivated that are active
again, Subscription Admins and counts per workspace (docs/audit.md). Reads RALLY_URL, the audit
store (DATA_DIR or DATABASE_URL) and a Subscription Admin's credential: RALLY_API_KEY, or
RALLY_USERNAME and RALLY_PASSWORD (each also as _FILE).
  --csv    one line per finding, for a spreadsheet
  --json   the summary and every finding as one JSON document`;

export async function runReconcileCli(
  argv: readonly string[],
  io: { env: Readonly<Record<string, string | undefined>>; stdout: Writable; stderr: Writable },
): Promise<number> {
  const format = argv.includes('--csv') ? 'csv' : argv.includes('--json') ? 'json' : 'text';
  const unknown = argv.filter((a) => a !== '--csv' && a !== '--json');
  if (unknown.length > 0 || (argv.includes('--csv') && argv.includes('--json'))) {
    io.stderr.write(`${unknown.length ? `Unknown option ${unknown[0]}.\n\n` : ''}${USAGE}\n`);
    return 2;
  }
  // The credential is the CLI's own; the service's config refuses it outside AUTH_MODE=oauth.
  const CRED_VARS = /^RALLY_(API_KEY|USERNAME|PASSWORD)(_FILE)?$/;
  const config = loadConfig(Object.fromEntries(Object.entries(io.env).filter(([k]) => !CRED_VARS.test(k))), {
    servesConsole: false,
  });
  const cred = credentialFrom(io.env);
  if (!config.rallyUrl || !cred) {
    io.stderr.write(
      `${!config.rallyUrl ? 'Set RALLY_URL.' : 'Set RALLY_API_KEY, or RALLY_USERNAME and RALLY_PASSWORD.'}\n\n${USAGE}\n`,
    );
    return 2;
  }
  const db = await openStore({
    dataDir: config.store.dataDir,
    ...(config.store.databaseUrl && { databaseUrl: config.store.databaseUrl.reveal() }),
  });
  const rally = createRallyClient({ baseUrl: config.rallyUrl, timeoutMs: config.rally.timeoutMs });
  try {
    const store = { events: createEventStore(db), links: createLinkStore(db) };
    const rows: ReconRow[] = [];
    if (format === 'csv') io.stdout.write(RECON_CSV_HEADER);
    const summary = await reconcile(rally.as(cred), store, (r) => {
      if (format === 'csv') io.stdout.write(reconCsv(r));
      else rows.push(r);
    });
    if (format === 'json') io.stdout.write(`${JSON.stringify({ ...summary, findings: rows }, null, 2)}\n`);
    if (format === 'text') {
      const t = summary.totals;
      io.stdout.write(
        `${t.activeUsers} active of ${t.users} Rally users: ${t.unmanaged} not managed by Okta, ${t.reactivatedBehindOkta} reactivated behind Okta's back, ${t.subscriptionAdmin} Subscription Admins.\n`,
      );
      for (const r of rows) io.stdout.write(`  ${r.finding.padEnd(22)} ${r.id.padEnd(14)} ${r.userName}\n`);
      for (const w of summary.workspaces)
        io.stdout.write(`workspace ${w.name}: ${w.activeUsers} active, ${w.unmanaged} unmanaged\n`);
    }
    return 0;
  } finally {
    await rally.close();
    await db.close();
  }
}

function credentialFrom(env: Readonly<Record<string, string | undefined>>): RallyCredential | undefined {
  const present = Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => Boolean(e[1])));
  const e = readSecretFiles(present, (p) => readFileSync(p, 'utf8')).env;
  if (e.RALLY_API_KEY) return { kind: 'apiKey', apiKey: e.RALLY_API_KEY };
  if (e.RALLY_USERNAME && e.RALLY_PASSWORD)
    return { kind: 'basic', username: e.RALLY_USERNAME, password: e.RALLY_PASSWORD };
  return undefined;
}

import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { SAML } from '@node-saml/node-saml';
import express from 'express';
import { Pool } from 'undici';
import { createLogger } from '../server/logger.js';
import { createSamlRouter } from '../server/routes/saml.js';

/**
 * Validations per second of `POST /saml/validate` over real HTTP (JSON in, full 19-check report
 * out) against node-saml's own `validatePostResponseAsync` on the same real Okta response, in the
 * same run, one at a time on each side (a fair comparison). Target: ratio ≥ 0.6. About 10 s in all.
 */
// `npm run bench` runs from the project root, beside which shared/ lies (dist/bench is deeper).
const CORPUS = pathToFileURL(resolve(process.cwd(), '../shared/corpus/saml/russellhaering-gosaml2/') + '/');
const CASE = {
  spEntityId: '"123"',
  acsUrl: 'http://localhost:8080/v1/_saml_callback',
  idpEntityId: 'http://www.okta.com/exk659aytfMeNI49v0h7',
  at: '2016-07-25T23:20:15Z',
};

export async function benchSaml(opts: { seconds?: number } = {}): Promise<Record<string, number | string>> {
  const seconds = opts.seconds ?? 4;
  const xml = readFileSync(new URL('okta_response.xml', CORPUS), 'utf8');
  const cert = readFileSync(new URL('okta_cert.pem', CORPUS), 'utf8');
  const samlResponse = Buffer.from(xml, 'utf8').toString('base64');

  // node-saml alone, as an SP would configure it (both signatures wanted). It has no clock
  // option, so its time checks are off here (the response is from 2016); ours evaluate `at`.
  const saml = new SAML({
    idpCert: cert,
    issuer: CASE.spEntityId,
    callbackUrl: CASE.acsUrl,
    audience: CASE.spEntityId,
    acceptedClockSkewMs: -1,
  });
  const viaNodeSaml = async () => {
    const { profile } = await saml.validatePostResponseAsync({ SAMLResponse: samlResponse });
    if (profile?.nameID !== 'russellhaering') throw new Error('node-saml did not validate the response');
  };

  const app = express();
  app.use(
    '/saml',
    createSamlRouter({
      publicUrl: 'http://127.0.0.1',
      allowPrivateMetadata: false,
      logger: createLogger({ level: 'silent' }),
    }),
  );
  const server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const pool = new Pool(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, { connections: 1 });
  const body = JSON.stringify({ samlResponse, idpCert: cert, ...CASE, profile: 'generic' });
  const viaHttp = async () => {
    const res = await pool.request({
      path: '/saml/validate',
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    const report = (await res.body.json()) as { valid?: boolean };
    if (res.statusCode !== 200 || report.valid !== true)
      throw new Error(`POST /saml/validate answered ${res.statusCode}`);
  };
  let rates: Array<{ perSecond: number }>;
  try {
    rates = await alternate(seconds, [
      [viaNodeSaml, 1],
      [viaHttp, 1],
    ]);
  } finally {
    await pool.close();
    server.close();
  }
  const [nodeSaml, http] = [rates[0]!, rates[1]!];
  const ratio = http.perSecond / nodeSaml.perSecond;
  const figures = {
    'saml.http_validate_per_s': round(http.perSecond),
    'saml.node_saml_validate_per_s': round(nodeSaml.perSecond),
    'saml.ratio': Math.round(ratio * 100) / 100,
    'saml.target_ratio': 0.6,
    'saml.verdict': ratio >= 0.6 ? 'meets target' : 'below target',
  };
  console.log('\n## SAML validation (real Okta response, Response and Assertion signed)');
  console.log(
    `POST /saml/validate over HTTP: ${figures['saml.http_validate_per_s']} validations/s (19 checks, JSON report)`,
  );
  console.log(
    `node-saml validatePostResponseAsync: ${figures['saml.node_saml_validate_per_s']} validations/s`,
  );
  console.log(`ratio ${figures['saml.ratio']} (target ≥ 0.6): ${figures['saml.verdict']}`);
  return figures;
}

/**
 * Runs each operation in turn, one second at a time, `seconds` rounds after a short warm-up, so
 * both sides see the same machine load (the bench box is shared); ops per second for each.
 */
async function alternate(
  seconds: number,
  ops: ReadonlyArray<readonly [() => Promise<void>, number]>,
): Promise<Array<{ perSecond: number }>> {
  const run = async (op: () => Promise<void>, concurrency: number, ms: number) => {
    let done = 0;
    const start = performance.now();
    const worker = async () => {
      while (performance.now() - start < ms) {
        await op();
        done++;
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    return { done, ms: performance.now() - start };
  };
  for (const [op, concurrency] of ops) await run(op, concurrency, 500);
  const totals = ops.map(() => ({ done: 0, ms: 0 }));
  for (let round = 0; round < seconds; round++) {
    for (const [i, [op, concurrency]] of ops.entries()) {
      const r = await run(op, concurrency, 1000);
      totals[i]!.done += r.done;
      totals[i]!.ms += r.ms;
    }
  }
  return totals.map((t) => ({ perSecond: t.done / (t.ms / 1000) }));
}

const round = (n: number) => Math.round(n * 10) / 10;

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await benchSaml({ seconds: Number(process.env.BENCH_SECONDS ?? 4) });
}

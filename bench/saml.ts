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
import { CHECK_IDS } from '../saml/index.js';

/**
 * Validations per second of `POST /saml/validate` over real HTTP (JSON in, full report out)
 * against node-saml's own `validatePostResponseAsync` on the same real Okta response, in the same
 * run, one at a time on each side (a fair comparison): a signed response (target ratio ≥ 0.6) and
 * an encrypted one, whose assertion is decrypted once per validation (target ≥ 0.8). About 20 s.
 */
// `npm run bench` runs from the project root, beside which shared/ lies (dist/bench is deeper).
const CORPUS = pathToFileURL(resolve(process.cwd(), '../shared/corpus/saml/russellhaering-gosaml2/') + '/');

interface BenchCase {
  readonly key: string;
  readonly title: string;
  readonly response: (text: (f: string) => string) => string;
  readonly cert: string;
  readonly decryptionKey?: string;
  readonly nameId: string;
  readonly fields: { spEntityId: string; acsUrl: string; idpEntityId: string; at: string };
  readonly target: number;
}

const CASES: readonly BenchCase[] = [
  {
    key: 'saml',
    title: 'real Okta response, Response and Assertion signed',
    response: (text) => Buffer.from(text('okta_response.xml'), 'utf8').toString('base64'),
    cert: 'okta_cert.pem',
    nameId: 'russellhaering',
    fields: {
      spEntityId: '"123"',
      acsUrl: 'http://localhost:8080/v1/_saml_callback',
      idpEntityId: 'http://www.okta.com/exk659aytfMeNI49v0h7',
      at: '2016-07-25T23:20:15Z',
    },
    target: 0.6,
  },
  {
    key: 'saml.encrypted',
    title: 'real Okta response, Response signed, EncryptedAssertion signed inside',
    response: (text) => text('oktaenc_response.b64').trim(),
    cert: 'oktaenc_idp_signing_cert.pem',
    decryptionKey: 'oktaenc_sp_encryption_key.pem',
    nameId: 'fronkey@skyportsystems.com',
    fields: {
      spEntityId: 'https://saml.test.nope/session/sso/saml/spentityid/skv8dv26wh',
      acsUrl: 'https://saml.test.nope/session/sso/saml/acs/skv8dv26wh',
      idpEntityId: 'http://www.okta.com/exkbb59wb20X96NY20h7',
      at: '2017-09-06T22:14:00Z',
    },
    target: 0.8,
  },
];

export async function benchSaml(opts: { seconds?: number } = {}): Promise<Record<string, number | string>> {
  const seconds = opts.seconds ?? 4;
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
  const figures: Record<string, number | string> = {};
  try {
    for (const c of CASES) Object.assign(figures, await compare(c, pool, seconds));
  } finally {
    await pool.close();
    server.close();
  }
  return figures;
}

async function compare(c: BenchCase, pool: Pool, seconds: number): Promise<Record<string, number | string>> {
  const text = (f: string) => readFileSync(new URL(f, CORPUS), 'utf8');
  const samlResponse = c.response(text);
  const cert = text(c.cert);
  const decryptionKey = c.decryptionKey === undefined ? undefined : text(c.decryptionKey);

  // node-saml alone, as an SP would configure it (both signatures wanted). It has no clock
  // option, so its time checks are off here (the responses are old); ours evaluate `at`.
  const saml = new SAML({
    idpCert: cert,
    issuer: c.fields.spEntityId,
    callbackUrl: c.fields.acsUrl,
    audience: c.fields.spEntityId,
    acceptedClockSkewMs: -1,
    ...(decryptionKey !== undefined && { decryptionPvk: decryptionKey }),
  });
  const viaNodeSaml = async () => {
    const { profile } = await saml.validatePostResponseAsync({ SAMLResponse: samlResponse });
    if (profile?.nameID !== c.nameId) throw new Error('node-saml did not validate the response');
  };
  const body = JSON.stringify({
    samlResponse,
    idpCert: cert,
    ...c.fields,
    profile: 'generic',
    ...(decryptionKey !== undefined && { decryptionKey }),
  });
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
  const [nodeSaml, http] = await alternate(seconds, [
    [viaNodeSaml, 1],
    [viaHttp, 1],
  ]);
  const ratio = http!.perSecond / nodeSaml!.perSecond;
  const figures = {
    [`${c.key}.http_validate_per_s`]: round(http!.perSecond),
    [`${c.key}.node_saml_validate_per_s`]: round(nodeSaml!.perSecond),
    [`${c.key}.ratio`]: Math.round(ratio * 100) / 100,
    [`${c.key}.target_ratio`]: c.target,
    [`${c.key}.verdict`]: ratio >= c.target ? 'meets target' : 'below target',
  };
  console.log(`\n## SAML validation (${c.title})`);
  console.log(
    `POST /saml/validate over HTTP: ${figures[`${c.key}.http_validate_per_s`]} validations/s (${CHECK_IDS.length} checks, JSON report)`,
  );
  console.log(
    `node-saml validatePostResponseAsync: ${figures[`${c.key}.node_saml_validate_per_s`]} validations/s`,
  );
  console.log(`ratio ${figures[`${c.key}.ratio`]} (target ≥ ${c.target}): ${figures[`${c.key}.verdict`]}`);
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

import { inflateRawSync } from 'node:zlib';
import { expect } from 'chai';
import { Redis } from 'ioredis';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { requireProgram, redisProgram } from '../helpers/prerequisites.js';
import { buildResponse, OKTA_ISSUER, toBase64 } from '../saml/helpers/build-response.js';
import { idpMetadataXml } from '../saml/helpers/idp-metadata.js';
import { makeTestCertificate, type TestKeyPair } from '../saml/helpers/keys.js';
import {
  FLEET_PUBLIC_URL,
  METRICS_TOKEN,
  startFleet,
  SESSION_SECRET,
  within,
  type Fleet,
  type Instance,
} from './helpers/fleet.js';

const SP = { entityId: `${FLEET_PUBLIC_URL}/saml/metadata`, acsUrl: `${FLEET_PUBLIC_URL}/saml/acs` };
const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe('two replicas sharing one Redis', function () {
  this.timeout(60_000);
  let fleet: Fleet;
  let key: TestKeyPair;
  let adminKey: string;

  before(async function () {
    const redis = requireProgram(this, redisProgram);
    key = await makeTestCertificate({ days: 3650 });
    fleet = await startFleet(redis);
    adminKey = fleet.rally.sandbox.credentials.admin.apiKey;
  });
  after(() => fleet?.close());

  const get = (i: Instance, path: string, auth = `Bearer ${adminKey}`) =>
    fetch(`${i.url}${path}`, { headers: { authorization: auth } });

  const loadIdp = async (i: Instance) => {
    const res = await fetch(`${i.url}/saml/idp`, {
      method: 'POST',
      headers: { 'content-type': 'application/samlmetadata+xml' },
      body: idpMetadataXml({
        entityId: OKTA_ISSUER,
        ssoUrl: 'https://acme.okta.example/sso',
        certPem: key.certPem,
      }),
    });
    expect(res.status).to.equal(200);
  };

  /** Starts a test sign-in on `i` and returns the AuthnRequest ID it remembered. */
  const startSignIn = async (i: Instance) => {
    const res = await fetch(`${i.url}/saml/login`, { redirect: 'manual' });
    expect(res.status).to.equal(302);
    const request = new URL(res.headers.get('location')!).searchParams.get('SAMLRequest')!;
    const xml = inflateRawSync(Buffer.from(request, 'base64')).toString('utf8');
    return /\sID="([^"]+)"/.exec(xml)![1]!;
  };

  const signedResponse = (inResponseTo?: string) =>
    toBase64(
      buildResponse({
        key,
        acsUrl: SP.acsUrl,
        spEntityId: SP.entityId,
        issueInstant: new Date(),
        ...(inResponseTo && { inResponseTo }),
      }),
    );

  const postAcs = (i: Instance, samlResponse: string) =>
    fetch(`${i.url}/saml/acs`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams({ SAMLResponse: samlResponse }),
    });

  const redisUp = async (i: Instance) => {
    const res = await fetch(`${i.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    const gauge = parsePrometheusTextFormat(await res.text()).find((f) => f.name === 'redis_up');
    return Number(gauge?.metrics[0]?.value);
  };

  const failed = (report: { checks: Array<{ id: string; status: string }> }) =>
    report.checks.filter((c) => c.status === 'fail').map((c) => c.id);

  it('uses on B the IdP metadata loaded through A', async function () {
    await loadIdp(fleet.a);
    const page = await fetch(`${fleet.b.url}/saml`);
    expect(page.status).to.equal(200);
    expect(await page.text()).to.include(OKTA_ISSUER);
  });

  it('completes on B a test sign-in started on A, and refuses its replay on A', async function () {
    await loadIdp(fleet.a);
    const requestId = await startSignIn(fleet.a);
    const response = signedResponse(requestId);
    const onB = await postAcs(fleet.b, response);
    const report = (await onB.json()) as { valid: boolean; idpInitiated: boolean; checks: [] };
    expect(report, JSON.stringify(failed(report))).to.include({ valid: true, idpInitiated: false });
    const replay = (await (await postAcs(fleet.a, response)).json()) as { valid: boolean; checks: [] };
    expect(replay.valid).to.equal(false);
    expect(failed(replay)).to.include('replay');
  });

  it('refuses on B as a replay a response accepted on A', async function () {
    await loadIdp(fleet.b);
    const response = signedResponse();
    const onA = (await (await postAcs(fleet.a, response)).json()) as { valid: boolean };
    expect(onA.valid).to.equal(true);
    const onB = (await (await postAcs(fleet.b, response)).json()) as { valid: boolean; checks: [] };
    expect(onB.valid).to.equal(false);
    expect(failed(onB)).to.deep.equal(['replay']);
  });

  it('limits failed auth per identity across replicas without locking out the admin or the console', async function () {
    const stale = basic('nobody@acme.example', 'stale-password');
    const statuses: number[] = [];
    for (let i = 0; i < 25; i++) {
      const res = await get(i % 2 === 0 ? fleet.a : fleet.b, '/connector/v1/ping', stale);
      statuses.push(res.status);
    }
    // AUTH_FAIL_LIMIT (20) counted across both replicas: the 21st call on either is refused.
    expect(statuses.slice(0, 20).every((s) => s === 401)).to.equal(true);
    expect(statuses.slice(20)).to.deep.equal([429, 429, 429, 429, 429]);
    const { username, password } = fleet.rally.sandbox.credentials.admin;
    for (const i of [fleet.a, fleet.b]) {
      expect((await get(i, '/connector/v1/ping', basic(username, password))).status).to.equal(200);
      expect((await get(i, '/connector/v1/ping')).status).to.equal(200);
      const blocked = await get(i, '/connector/v1/ping', stale);
      expect(blocked.status).to.equal(429);
      expect(Number(blocked.headers.get('retry-after'))).to.be.greaterThan(0);
      expect(((await blocked.json()) as { error: { message: string } }).error.message).to.include(
        'nobody@acme.example',
      );
      expect((await fetch(`${i.url}/saml`)).status).to.equal(200);
    }
  });

  it('continues on B a nextCursor from A, with no user missing or repeated', async function () {
    const all = (await (await get(fleet.a, '/connector/v1/users?limit=200')).json()) as {
      users: Array<{ id: string }>;
    };
    const seen: string[] = [];
    let cursor: string | null = null;
    let page = 0;
    do {
      const from = page++ % 2 === 0 ? fleet.a : fleet.b;
      const query: string = `/connector/v1/users?limit=7${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const res = await get(from, query);
      expect(res.status).to.equal(200);
      const body = (await res.json()) as { users: Array<{ id: string }>; nextCursor: string | null };
      seen.push(...body.users.map((u) => u.id));
      cursor = body.nextCursor;
    } while (cursor);
    expect(page).to.be.greaterThan(2);
    expect(seen).to.deep.equal(all.users.map((u) => u.id));
  });

  it('answers within its deadline while Redis is too slow: SAML 503 naming Redis, provisioning served', async function () {
    await loadIdp(fleet.a);
    const admin = new Redis(fleet.redis.url);
    try {
      // Redis executes one command at a time: for 3 s it answers nobody.
      const asleep = admin.call('DEBUG', 'SLEEP', '3');
      await new Promise((r) => setTimeout(r, 100));
      const started = Date.now();
      const [acs, read, ready] = await Promise.all([
        postAcs(fleet.a, signedResponse()),
        get(fleet.b, '/connector/v1/users?limit=3'),
        // The last probe may be reused for 1 s, and a PING waits REDIS_TIMEOUT_MS (1 s): poll.
        within(3_000, async () => (await fetch(`${fleet.b.url}/readyz`)).status === 503),
      ]);
      expect(Date.now() - started, 'REDIS_TIMEOUT_MS bounds the wait').to.be.below(2_500);
      expect(acs.status).to.equal(503);
      expect(((await acs.json()) as { error: { message: string } }).error.message).to.include('Redis');
      expect(read.status).to.equal(200);
      expect(ready).to.be.below(3_000);
      await asleep;
    } finally {
      await admin.quit();
    }
    await within(5_000, async () => (await fetch(`${fleet.b.url}/readyz`)).status === 200);
    expect(fleet.b.logs().match(/Redis unavailable/g)).to.have.length(1);
  });

  it('survives Redis stopping: readiness says so, provisioning answers, SAML refuses with 503, all recovers', async function () {
    await loadIdp(fleet.a);
    const transitions = (i: Instance) => ({
      down: i.logs().match(/Redis unavailable/g)?.length ?? 0,
      up: i.logs().match(/Redis available/g)?.length ?? 0,
    });
    const before = [fleet.a, fleet.b].map(transitions);
    expect(await redisUp(fleet.a)).to.equal(1);
    await fleet.redis.stop();
    for (const i of [fleet.a, fleet.b]) {
      const took = await within(5_000, async () => (await fetch(`${i.url}/readyz`)).status === 503);
      expect(took).to.be.below(5_000);
      const ready = (await (await fetch(`${i.url}/readyz`)).json()) as {
        message: string;
        redis: { up: boolean };
      };
      expect(ready.redis.up).to.equal(false);
      expect(ready.message).to.include('Redis');
      expect((await get(i, '/connector/v1/users?limit=3')).status).to.equal(200);
      expect((await get(i, '/scim/v2/Users?count=3')).status).to.equal(200);
      const started = Date.now();
      const acs = await postAcs(i, signedResponse());
      expect(Date.now() - started).to.be.below(5_000);
      expect(acs.status).to.equal(503);
      const body = (await acs.json()) as { error: { code: string; message: string } };
      expect(body.error.code).to.equal('SHARED_STATE_UNAVAILABLE');
      expect(body.error.message).to.include('Redis');
      expect((await fetch(`${i.url}/saml/login`, { redirect: 'manual' })).status).to.equal(503);
      expect(await redisUp(i)).to.equal(0);
    }
    // The failed-auth limits fall back to each replica's memory: still limited, never switched off.
    const stale = basic('while-down@acme.example', 'stale-password');
    for (let n = 0; n < 20; n++)
      expect((await get(fleet.a, '/connector/v1/ping', stale)).status).to.equal(401);
    expect((await get(fleet.a, '/connector/v1/ping', stale)).status).to.equal(429);
    expect((await get(fleet.a, '/connector/v1/ping')).status).to.equal(200);

    await fleet.redis.restart();
    for (const i of [fleet.a, fleet.b])
      await within(10_000, async () => (await fetch(`${i.url}/readyz`)).status === 200);
    // Redis came back empty (nothing persisted): the admin loads the IdP again, and sign-in works.
    await loadIdp(fleet.b);
    const requestId = await startSignIn(fleet.b);
    const report = (await (await postAcs(fleet.a, signedResponse(requestId))).json()) as { valid: boolean };
    expect(report.valid).to.equal(true);
    // Each transition is logged once, not once per request.
    expect([fleet.a, fleet.b].map(transitions)).to.deep.equal(
      before.map((t) => ({ down: t.down + 1, up: t.up + 1 })),
    );
  });

  it('writes no secret to its logs: session secret, metrics token, passwords, API keys', function () {
    const { password, apiKey } = fleet.rally.sandbox.credentials.admin;
    for (const i of [fleet.a, fleet.b]) {
      const logs = i.logs();
      expect(logs).to.include('Redis available');
      for (const secret of [SESSION_SECRET, METRICS_TOKEN, password, apiKey, 'stale-password'])
        expect(logs, 'a log line leaks a secret').to.not.include(secret);
    }
  });
});

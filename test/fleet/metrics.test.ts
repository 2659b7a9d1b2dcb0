import { expect } from 'chai';
import parsePrometheusTextFormat, { type MetricFamily } from 'parse-prometheus-text-format';
import { createMetrics } from '../../server/metrics/metrics.js';
import { start, type Running } from '../../server/main.js';
import { memoryLog, scratchDataDir } from '../helpers/app-env.js';
import { buildResponse, toBase64 } from '../saml/helpers/build-response.js';
import { makeTestCertificate } from '../saml/helpers/keys.js';
import { startRallyEnv, type RallyEnv } from '../helpers/rally-env.js';

const TOKEN = 'metrics-test-token-0123456789';

describe('GET /metrics (Prometheus text, prom-client)', function () {
  this.timeout(30_000);
  let rally: RallyEnv;
  let service: Running;

  before(async function () {
    rally = await startRallyEnv({ seed: { users: 30 } });
    service = await start(
      {
        PORT: '0',
        RALLY_URL: rally.baseUrl,
        METRICS_TOKEN: TOKEN,
        METRICS_PORT: '0',
        DATA_DIR: scratchDataDir(),
      },
      memoryLog('info').logger,
    );
  });
  after(async () => {
    await service?.stop();
    await rally?.close();
  });

  const scrape = async (url = `${service.url}/metrics`, token: string | undefined = TOKEN) => {
    const res = await fetch(
      url,
      token === undefined ? {} : { headers: { authorization: `Bearer ${token}` } },
    );
    expect(res.status).to.equal(200);
    expect(res.headers.get('content-type')).to.match(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    return { text, families: parsePrometheusTextFormat(text) };
  };
  const family = (families: MetricFamily[], name: string) => {
    const f = families.find((x) => x.name === name);
    expect(f, `${name} is exported`).to.not.equal(undefined);
    return f!;
  };
  const counter = (families: MetricFamily[], name: string, labels: Record<string, string>) =>
    family(families, name)
      .metrics.filter((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v))
      .reduce((sum, m) => sum + Number(m.value), 0);

  it('refuses the service port without the token, and serves METRICS_PORT', async function () {
    expect((await fetch(`${service.url}/metrics`)).status).to.equal(401);
    expect(
      (await fetch(`${service.url}/metrics`, { headers: { authorization: 'Bearer wrong' } })).status,
    ).to.equal(401);
    expect(service.metricsUrl).to.be.a('string');
    const { families } = await scrape(service.metricsUrl!, TOKEN);
    family(families, 'http_requests_total');
  });

  it('moves request, Rally and cache counters with the requests made, with no secret in any label', async function () {
    const { username, password, apiKey } = rally.sandbox.credentials.admin;
    const before = (await scrape()).families;
    const route = { route: '/connector/v1/users', method: 'GET', status: '200' };
    const basic = `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
    for (let i = 0; i < 3; i++) {
      const res = await fetch(`${service.url}/connector/v1/users?limit=5`, {
        headers: { authorization: basic },
      });
      expect(res.status).to.equal(200);
    }
    const bad = await fetch(`${service.url}/connector/v1/users/123`, {
      headers: { authorization: 'Bearer _wrongKey12345' },
    });
    expect(bad.status).to.equal(401);
    const { families, text } = await scrape();

    expect(
      counter(families, 'http_requests_total', route) - counter(before, 'http_requests_total', route),
    ).to.equal(3);
    expect(
      counter(families, 'http_requests_total', { route: '/connector/v1/users/:id', status: '401' }),
    ).to.equal(1);
    const latency = family(families, 'http_request_duration_seconds');
    expect(latency.type).to.equal('HISTOGRAM');
    expect(latency.metrics.some((m) => Number(m.buckets?.['+Inf']) > 0)).to.equal(true);
    const rallyOk =
      counter(families, 'rally_requests_total', { outcome: 'ok' }) -
      counter(before, 'rally_requests_total', { outcome: 'ok' });
    expect(rallyOk).to.be.at.least(3);
    expect(counter(families, 'rally_requests_total', { outcome: 'error', status: '401' })).to.be.at.least(1);
    const listing =
      counter(families, 'cache_lookups_total', { cache: 'user-listing' }) -
      counter(before, 'cache_lookups_total', { cache: 'user-listing' });
    expect(listing).to.equal(3);
    // Credentials are labelled by a keyed hash: one label for the admin, `refused` for the wrong
    // key, none holding a secret.
    const creds = new Set(
      family(families, 'rally_requests_total').metrics.map((m) => m.labels?.['credential']),
    );
    expect(creds.size).to.equal(2);
    expect(creds).to.include('refused');
    for (const c of creds) expect(c).to.match(/^(refused|[A-Za-z0-9_-]{12})$/);
    for (const secret of [username, password, apiKey, '_wrongKey12345', 'admin@rally'])
      expect(text, 'a metric label leaks a credential').to.not.include(secret);
  });

  it('keeps the credential label set bounded: credentials Rally refuses get no series of their own', async function () {
    const labels = async () =>
      new Set(
        family((await scrape()).families, 'rally_requests_total').metrics.map(
          (m) => m.labels?.['credential'],
        ),
      );
    const before = await labels();
    for (let n = 0; n < 12; n++) {
      const guess = `Basic ${Buffer.from(`guessed@acme.example:password-${n}`).toString('base64')}`;
      const res = await fetch(`${service.url}/connector/v1/ping`, { headers: { authorization: guess } });
      expect(res.status).to.equal(401);
    }
    const added = [...(await labels())].filter((l) => !before.has(l));
    expect(added.length, 'each guessed password would be a series for ever').to.be.at.most(1);
  });

  it('counts Rally retries and the lookup after an ambiguous create', async function () {
    const auth = { authorization: `Bearer ${rally.sandbox.credentials.admin.apiKey}` };
    rally.sandbox.setFaults({ failNext: [{ status: 503, retryAfter: 0 }] });
    expect((await fetch(`${service.url}/connector/v1/users?limit=2`, { headers: auth })).status).to.equal(
      200,
    );
    const create = (userName: string) =>
      fetch(`${service.url}/connector/v1/users`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify({ userName, email: userName }),
      });
    // A first write looks up the API key's owner for the audit trail (once per key), so the
    // faulted call below is the create itself.
    expect((await create('first.metrics@acme.example')).status).to.equal(201);
    rally.sandbox.setFaults({ failNext: ['commit-then-reset'] });
    const created = await create('ambiguous.metrics@acme.example');
    expect(created.status).to.equal(201);
    const { families } = await scrape();
    expect(counter(families, 'rally_retries_total', {})).to.be.at.least(1);
    expect(counter(families, 'rally_ambiguous_create_lookups_total', { found: 'true' })).to.equal(1);
  });

  it('counts SAML validations by verdict', async function () {
    const key = await makeTestCertificate({ days: 365 });
    const sp = { spEntityId: 'https://sp.example/saml/metadata', acsUrl: 'https://sp.example/saml/acs' };
    const validate = async (audience: string) => {
      const samlResponse = toBase64(buildResponse({ key, ...sp, audience, issueInstant: new Date() }));
      const res = await fetch(`${service.url}/saml/validate`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ samlResponse, idpCert: key.certPem, ...sp, profile: 'generic' }),
      });
      expect(res.status).to.equal(200);
      return ((await res.json()) as { valid: boolean }).valid;
    };
    const count = async () => {
      const { families } = await scrape();
      return {
        valid: counter(families, 'saml_validations_total', { endpoint: 'validate', verdict: 'valid' }),
        invalid: counter(families, 'saml_validations_total', { endpoint: 'validate', verdict: 'invalid' }),
      };
    };
    const before = await count();
    expect(await validate(sp.spEntityId)).to.equal(true);
    expect(await validate('https://someone-else.example')).to.equal(false);
    expect(await validate('https://someone-else.example')).to.equal(false);
    const after = await count();
    expect({ valid: after.valid - before.valid, invalid: after.invalid - before.invalid }).to.deep.equal({
      valid: 1,
      invalid: 2,
    });
  });
});

describe('credential labels', function () {
  it('caps the credentials with a series of their own; the rest are counted as other', async function () {
    const metrics = createMetrics({ credentialLabel: (id) => `c-${id}`, maxCredentials: 3 });
    for (const id of ['1', '2', '3', '4', '5', '1'])
      metrics.rally.request?.({ credential: id, method: 'GET', outcome: 'ok', status: 200, seconds: 0.01 });
    const family = parsePrometheusTextFormat(await metrics.registry.metrics()).find(
      (f) => f.name === 'rally_requests_total',
    );
    const counts = Object.fromEntries(
      family!.metrics.map((m) => [m.labels?.['credential'], Number(m.value)]),
    );
    expect(counts).to.deep.equal({ 'c-1': 2, 'c-2': 1, 'c-3': 1, other: 2 });
  });
});

import { expect } from 'chai';
import { createSandbox, type Sandbox, type SandboxListening } from '../../sandbox/index.js';
import { ADMIN_KEY, VIEWER_KEY } from './helpers.js';

describe('sandbox faults and limits', () => {
  let sandbox: Sandbox;
  let server: SandboxListening;
  beforeEach(async () => {
    sandbox = createSandbox({ seed: { users: 20 } });
    server = await sandbox.listen({ port: 0 });
  });
  afterEach(async () => {
    await server.close();
  });

  function call(path = '/user', init: RequestInit & { key?: string } = {}): Promise<Response> {
    const { key = ADMIN_KEY, ...rest } = init;
    return fetch(`${server.baseUrl}${path}`, {
      ...rest,
      headers: { ZSESSIONID: key, 'Content-Type': 'application/json' },
    });
  }

  it('listens on 127.0.0.1 and reports origin and baseUrl', () => {
    expect(server.origin).to.match(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.baseUrl).to.equal(`${server.origin}/slm/webservice/v2.0`);
  });

  it('adds latencyMs to every request', async () => {
    sandbox.setFaults({ latencyMs: 150 });
    const started = performance.now();
    expect((await call()).status).to.equal(200);
    expect(performance.now() - started).to.be.greaterThan(140);
  });

  it('answers planned 503s with Retry-After and an HTML body, then recovers', async () => {
    sandbox.setFaults({
      failNext: [
        { status: 503, retryAfter: 1 },
        { status: 503, retryAfter: 1 },
      ],
    });
    for (let i = 0; i < 2; i++) {
      const res = await call();
      expect(res.status).to.equal(503);
      expect(res.headers.get('retry-after')).to.equal('1');
      expect(res.headers.get('content-type')).to.match(/^text\/html/);
      expect(await res.text()).to.contain('503 Service Temporarily Unavailable');
    }
    expect((await call()).status).to.equal(200);
    expect(sandbox.stats().faultsInjected).to.equal(2);
  });

  it('destroys the socket for a planned reset', async () => {
    sandbox.setFaults({ failNext: ['reset'] });
    let failure: unknown;
    await call().catch((error: unknown) => (failure = error));
    expect(failure).to.be.instanceOf(TypeError);
    expect((await call()).status).to.equal(200);
  });

  it('performs the write and then resets the socket for commit-then-reset', async () => {
    sandbox.setFaults({ failNext: ['commit-then-reset'] });
    let failure: unknown;
    await call('/user/create', {
      method: 'POST',
      body: JSON.stringify({
        User: { UserName: 'ambiguous@acme.example', EmailAddress: 'ambiguous@acme.example' },
      }),
    }).catch((error: unknown) => (failure = error));
    expect(failure).to.be.instanceOf(TypeError);
    expect(sandbox.inspect.userByUserName('ambiguous@acme.example')).to.not.equal(undefined);
  });

  it('does not spend planned faults on unauthenticated requests', async () => {
    sandbox.setFaults({ failNext: [{ status: 502 }] });
    expect((await fetch(`${server.baseUrl}/user`)).status).to.equal(401);
    expect((await call()).status).to.equal(502);
  });

  it('injects random proxy errors at errorRate, reproducibly for the same seed', async () => {
    const statuses = async (): Promise<number[]> => {
      sandbox.setFaults({ errorRate: 0.5 });
      const seen: number[] = [];
      for (let i = 0; i < 16; i++) seen.push((await call()).status);
      return seen;
    };
    const first = await statuses();
    expect(first).to.include(200);
    expect(first.filter((s) => s !== 200).every((s) => [502, 503, 524].includes(s))).to.equal(true);
    expect(first.some((s) => s !== 200)).to.equal(true);
    expect(await statuses()).to.deep.equal(first);
  });

  it('answers 524 as Cloudflare plain text and 502 as nginx HTML', async () => {
    sandbox.setFaults({ errorRate: 1, errorStatuses: [524] });
    const timeout = await call();
    expect(timeout.status).to.equal(524);
    expect(await timeout.text()).to.equal('error code: 524');
    sandbox.setFaults({ errorRate: 1, errorStatuses: [502] });
    expect(await (await call()).text()).to.contain('<title>502 Bad Gateway</title>');
  });

  it('resets sockets at resetRate', async () => {
    sandbox.setFaults({ resetRate: 1 });
    let failure: unknown;
    await call().catch((error: unknown) => (failure = error));
    expect(failure).to.be.instanceOf(TypeError);
    expect(sandbox.stats().faultsInjected).to.equal(1);
  });

  it('queues requests beyond 12 per user instead of rejecting them', async () => {
    sandbox.setFaults({ latencyMs: 200 });
    const responses = await Promise.all(Array.from({ length: 30 }, () => call('/user?fetch=UserName')));
    expect(responses.map((r) => r.status)).to.deep.equal(Array(30).fill(200));
    const stats = sandbox.stats();
    expect(stats.peakInFlightByUser['admin@rally.sandbox']).to.equal(30);
    expect(stats.peakActiveByUser['admin@rally.sandbox']).to.equal(12);
    expect(stats.inFlight).to.equal(0);
    expect(stats.byMethod.GET).to.equal(30);
  });

  it('keeps the cap per user and honours maxConcurrentPerUser', async () => {
    sandbox.setFaults({ latencyMs: 150, maxConcurrentPerUser: 3 });
    await Promise.all([
      ...Array.from({ length: 6 }, () => call()),
      ...Array.from({ length: 6 }, () => call('/user', { key: VIEWER_KEY })),
    ]);
    const stats = sandbox.stats();
    expect(stats.peakActiveByUser).to.deep.equal({ 'admin@rally.sandbox': 3, 'viewer@rally.sandbox': 3 });
    expect(stats.peakInFlightByUser).to.deep.equal({ 'admin@rally.sandbox': 6, 'viewer@rally.sandbox': 6 });
  });

  it('clears faults and zeroes stats on reset()', async () => {
    sandbox.setFaults({ errorRate: 1 });
    await call();
    sandbox.reset();
    expect(sandbox.stats()).to.deep.include({ requests: 0, faultsInjected: 0 });
    expect((await call()).status).to.equal(200);
    expect(sandbox.stats()).to.deep.include({ requests: 1, byMethod: { GET: 1 } });
  });

  it('rejects invalid fault settings, naming every bad key', () => {
    expect(() => sandbox.setFaults({ errorRate: 2, maxConcurrentPerUser: 0 })).to.throw(
      TypeError,
      /errorRate must be between 0 and 1; maxConcurrentPerUser must be a positive integer/,
    );
  });
});

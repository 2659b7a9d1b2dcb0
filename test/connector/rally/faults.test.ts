import { expect } from 'chai';
import { isRallyError, type RallyError } from '../../../connector/rally/index.js';
import { rejectionOf, startRallyEnv, type RallyEnv } from '../../helpers/rally-env.js';

describe('Rally client under faults', () => {
  let env: RallyEnv;
  before(async () => {
    env = await startRallyEnv({ client: { retry: { maxAttempts: 5, baseDelayMs: 5, maxDelayMs: 20 } } });
  });
  after(() => env.close());
  beforeEach(() => env.sandbox.reset());

  it('rides out a burst of 503s on a read', async () => {
    env.sandbox.setFaults({ failNext: [{ status: 503 }, { status: 502 }, { status: 524 }] });
    const me = await env.client.as(env.admin.apiKey).currentUser();
    expect(me.UserName).to.equal(env.sandbox.credentials.admin.username);
    expect(env.sandbox.stats().requests).to.equal(4);
  });

  it('rides out connection resets on a read', async () => {
    env.sandbox.setFaults({ failNext: ['reset', 'reset'] });
    const page = await env.client.as(env.admin.apiKey).queryUsers({ pageSize: 5 });
    expect(page.results).to.have.length(5);
  });

  it('honours Retry-After on 429', async () => {
    env.sandbox.setFaults({ failNext: [{ status: 429, retryAfter: 1 }] });
    const started = Date.now();
    await env.client.as(env.admin.apiKey).currentUser();
    expect(Date.now() - started).to.be.at.least(950);
  });

  it('gives up with RALLY_UNAVAILABLE after its attempts, keeping the status', async () => {
    env.sandbox.setFaults({ errorRate: 1, errorStatuses: [503] });
    const err = await rejectionOf(env.client.as(env.admin.apiKey).currentUser());
    expect(isRallyError(err, 'RALLY_UNAVAILABLE')).to.equal(true);
    expect((err as RallyError).httpStatus).to.equal(503);
    expect(env.sandbox.stats().requests).to.equal(5);
  });

  it('answers RALLY_TIMEOUT when Rally is slower than the deadline', async () => {
    env.sandbox.setFaults({ latencyMs: 600 });
    const client = env.makeClient({ timeoutMs: 200 });
    const started = Date.now();
    const err = await rejectionOf(client.as(env.admin.apiKey).currentUser());
    expect(isRallyError(err, 'RALLY_TIMEOUT')).to.equal(true);
    expect(Date.now() - started).to.be.below(500);
  });

  it('pages through everything with injected latency and random 503s', async () => {
    env.sandbox.setFaults({ latencyMs: 5, errorRate: 0.2, errorStatuses: [503] });
    const client = env.makeClient({
      random: seeded(7),
      retry: { maxAttempts: 8, baseDelayMs: 2, maxDelayMs: 10 },
    });
    const ids = new Set<number>();
    for await (const u of client.as(env.admin.apiKey).users({ pageSize: 10 })) ids.add(u.ObjectID);
    expect(ids.size).to.equal(env.sandbox.inspect.users());
    expect(env.sandbox.stats().faultsInjected).to.be.greaterThan(0);
  });

  describe('creates never make duplicates', () => {
    for (const cred of ['apiKey', 'basic'] as const) {
      it(`returns the user a reset-after-commit create made, without creating it again (${cred})`, async () => {
        env.sandbox.setFaults({ failNext: ['commit-then-reset'] });
        const userName = `ambiguous.${cred}@example.com`;
        // With Basic the first request is GET /security/authorize; the fault must hit the create.
        if (cred === 'basic') {
          await env.client
            .as(env.admin.basic)
            .updateUser((await env.client.as(env.admin.basic).currentUser()).ObjectID, {});
          env.sandbox.setFaults({ failNext: ['commit-then-reset'] });
        }
        const before = env.sandbox.inspect.users();
        const user = await env.client
          .as(env.admin[cred])
          .createUser({ UserName: userName, EmailAddress: 'a@example.com' });
        expect(user.UserName).to.equal(userName);
        expect(env.sandbox.inspect.users()).to.equal(before + 1);
      });
    }

    it('sends the create again when the lookup proves it did not happen', async () => {
      env.sandbox.setFaults({ failNext: [{ status: 502 }] });
      const before = env.sandbox.inspect.users();
      const user = await env.client
        .as(env.admin.apiKey)
        .createUser({ UserName: 'retry.ok@example.com', EmailAddress: 'r@example.com' });
      expect(user.UserName).to.equal('retry.ok@example.com');
      expect(env.sandbox.inspect.users()).to.equal(before + 1);
      // create (502) + lookup + create
      expect(env.sandbox.stats().byMethod.POST).to.equal(2);
    });

    it('never duplicates under a storm of resets and gateway errors', async () => {
      env.sandbox.setFaults({ resetRate: 0.3, errorRate: 0.2, errorStatuses: [502, 503] });
      const client = env.makeClient({
        random: seeded(3),
        retry: { maxAttempts: 10, baseDelayMs: 1, maxDelayMs: 5 },
      });
      const api = client.as(env.admin.apiKey);
      const names = Array.from({ length: 20 }, (_, i) => `storm.${i}@example.com`);
      const before = env.sandbox.inspect.users();
      const results = await Promise.allSettled(
        names.map((n) => api.createUser({ UserName: n, EmailAddress: n })),
      );
      env.sandbox.setFaults({});
      for (const n of names) {
        const matches = [];
        for await (const u of env.client.as(env.admin.apiKey).users({ pageSize: 2000 }))
          if (u.UserName === n) matches.push(u);
        expect(matches.length, n).to.be.at.most(1);
      }
      const created = results.filter((r) => r.status === 'fulfilled').length;
      expect(env.sandbox.inspect.users() - before).to.be.at.least(created);
    });
  });
});

function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

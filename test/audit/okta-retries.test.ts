import { expect } from 'chai';
import type { Response } from 'supertest';
import { oktaCreateBody, scim } from '../scim/helpers.js';
import { startAuditApp, type AuditAppEnv } from './helpers/audit-app.js';
import { ENGINES, engineFor, type EngineEnv } from './helpers/engines.js';

for (const engine of ENGINES) {
  describe(`stable Okta links and Okta-style retries (${engine})`, function () {
    this.timeout(120_000);
    let store: EngineEnv;
    let env: AuditAppEnv;
    before(async function () {
      store = await engineFor(this, engine);
      env = await startAuditApp(store, { client: { sleep: async () => undefined } });
    });
    after(async () => {
      await env?.close();
      await store?.close();
    });
    afterEach(() => env.sandbox.setFaults({}));

    it('answers a POST for an already linked externalId with that user: 201, the same body', async () => {
      const body = oktaCreateBody('linked.once@example.com', { externalId: '00u-linked-1' });
      const first = await scim(env).post('/Users', body).expect(201);
      const again = await scim(env).post('/Users', body).expect(201);
      expect(again.body).to.deep.equal(first.body);
      expect(again.headers.location).to.equal(first.headers.location);
      const creates = await env.audit.events.page(
        { userName: 'linked.once@example.com', operation: 'user.create' },
        10,
      );
      expect(creates).to.have.length(1);
    });

    it('still answers 409 uniqueness for an existing userName with another externalId, or none', async () => {
      await scim(env)
        .post('/Users', oktaCreateBody('taken@example.com', { externalId: '00u-owner' }))
        .expect(201);
      const other = await scim(env)
        .post('/Users', oktaCreateBody('taken@example.com', { externalId: '00u-intruder' }))
        .expect(409);
      expect(other.body.scimType).to.equal('uniqueness');
      const none = oktaCreateBody('taken@example.com') as Record<string, unknown>;
      delete none.externalId;
      expect((await scim(env).post('/Users', none).expect(409)).body.scimType).to.equal('uniqueness');
    });

    it('ends 300 creates under 20% Rally faults with 300 users, no duplicate, no 409 and one succeeded event each', async () => {
      env.sandbox.setFaults({
        errorRate: 0.2,
        failNext: [
          // 60 refusals in a row: no more than 12 calls are in flight per credential, and each
          // gives up after 5 attempts, so some 5xx surely reaches Okta, whose retry must follow.
          ...Array.from({ length: 60 }, () => ({ status: 503, retryAfter: 0 })),
          // A few creates land in Rally but their answer is lost: the hard case for a retry.
          ...Array.from({ length: 8 }, () => 'commit-then-reset' as const),
        ],
      });
      const statuses: number[] = [];
      const createWithRetries = async (i: number) => {
        const body = oktaCreateBody(`retry.${i}@example.com`, { externalId: `00u-retry-${i}` });
        for (let attempt = 1; attempt <= 40; attempt++) {
          const res: Response = await scim(env).post('/Users', body);
          statuses.push(res.status);
          if (res.status === 201) return res.body.id as string;
          if (res.status < 500 && res.status !== 429)
            throw new Error(`create ${i} answered ${res.status}: ${res.text}`);
        }
        throw new Error(`create ${i} never succeeded`);
      };
      const ids: string[] = [];
      const queue = Array.from({ length: 300 }, (_, i) => i);
      await Promise.all(
        Array.from({ length: 10 }, async () => {
          for (let i = queue.shift(); i !== undefined; i = queue.shift())
            ids.push(await createWithRetries(i));
        }),
      );
      env.sandbox.setFaults({});
      expect(statuses.filter((s) => s >= 500).length, 'faults reached Okta').to.be.greaterThan(0);
      expect(statuses.filter((s) => s === 409)).to.deep.equal([]);
      expect(new Set(ids).size).to.equal(300);
      for (let i = 0; i < 300; i++) {
        const user = env.sandbox.inspect.userByUserName(`retry.${i}@example.com`);
        expect(user, `retry.${i}`).to.not.equal(undefined);
        const events = await env.audit.events.page(
          { userName: `retry.${i}@example.com`, status: 'succeeded' },
          10,
        );
        expect(
          events.map((e) => e.operation),
          `retry.${i}`,
        ).to.deep.equal(['user.create']);
        expect(events[0]!.target.id).to.equal(String(user!.ObjectID));
      }
    });
  });
}

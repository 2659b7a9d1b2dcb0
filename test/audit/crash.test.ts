import { expect } from 'chai';
import { createAudit } from '../../server/audit/index.js';
import { createLogger } from '../../server/logger.js';
import { openStore } from '../../store/index.js';
import { startRallyEnv, type RallyEnv } from '../helpers/rally-env.js';
import { oktaCreateBody } from '../scim/helpers.js';
import { ENGINES, engineFor, type EngineEnv } from './helpers/engines.js';
import { startServiceChild } from './helpers/service-child.js';

const until = async (what: string, check: () => Promise<boolean> | boolean, ms = 15_000) => {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};

for (const engine of ENGINES) {
  describe(`kill -9 during a create (${engine})`, function () {
    this.timeout(120_000);
    let store: EngineEnv;
    let rally: RallyEnv;
    before(async function () {
      store = await engineFor(this, engine);
      rally = await startRallyEnv();
    });
    after(async () => {
      await rally?.close();
      await store?.close();
    });

    it('leaves a pending event that the next read of the user resolves, on the restarted service', async () => {
      const env = { ...store.env, RALLY_URL: rally.baseUrl, RALLY_TIMEOUT_MS: '1500' };
      const auth = { authorization: `Bearer ${rally.sandbox.credentials.admin.apiKey}` };
      const scimPost = (url: string) =>
        fetch(`${url}/scim/v2/Users`, {
          method: 'POST',
          headers: { ...auth, 'content-type': 'application/scim+json' },
          body: JSON.stringify(oktaCreateBody('crash.victim@example.com', { externalId: '00u-crash' })),
        });
      const db = await openStore(store.store);
      const audit = createAudit({ db, logger: createLogger({ level: 'silent' }) });
      try {
        const first = await startServiceChild(env);
        // Warm the provisioning check, then slow Rally down so the create is in flight when killed.
        await fetch(`${first.url}/scim/v2/Users?count=1`, { headers: auth });
        rally.sandbox.setFaults({ latencyMs: 800 });
        const posts = () => rally.sandbox.stats().byMethod.POST ?? 0;
        const postsBefore = posts();
        void scimPost(first.url).catch(() => undefined);
        await until(
          'the intent',
          async () => (await audit.events.page({ userName: 'crash.victim@example.com' }, 5)).length === 1,
        );
        await until('the create to reach Rally', () => posts() > postsBefore);
        await first.kill('SIGKILL');
        const [pending] = await audit.events.page({ userName: 'crash.victim@example.com' }, 5);
        expect(pending!.outcome.status).to.be.oneOf(['pending', 'unknown']);
        // Rally finishes the create the dead process asked for.
        // The dead process's request never completed: Rally has no such user.
        rally.sandbox.setFaults({});
        await until(
          'the deadline to pass',
          async () => (await audit.events.page({ status: 'unknown' }, 5)).length === 1,
        );

        const second = await startServiceChild(env);
        const events = async () =>
          (
            await (
              await fetch(`${second.url}/audit/v1/events?userName=crash.victim@example.com`, {
                headers: auth,
              })
            ).json()
          ).events as Array<{ outcome: { status: string; code?: string }; target: Record<string, unknown> }>;
        try {
          expect((await events()).map((e) => e.outcome.status)).to.deep.equal(['unknown']);
          // Okta retries the create it got no answer for; its read of the user settles the record.
          const retry = await scimPost(second.url);
          expect(retry.status).to.equal(201);
          const id = (await retry.json()).id as string;
          expect(String(rally.sandbox.inspect.userByUserName('crash.victim@example.com')!.ObjectID)).to.equal(
            id,
          );
          const after = await events();
          expect(after.map((e) => e.outcome.status)).to.deep.equal(['succeeded', 'failed']);
          expect(after[1]!.outcome.code).to.equal('NOT_APPLIED');
          expect(after[0]!.target).to.deep.equal({
            id,
            userName: 'crash.victim@example.com',
            externalId: '00u-crash',
          });
          // Restarted again on the same store: every event is still there.
          await second.kill();
          const third = await startServiceChild(env);
          const listed = await (
            await fetch(`${third.url}/audit/v1/events?userName=crash.victim@example.com`, { headers: auth })
          ).json();
          expect(listed.events).to.have.length(2);
          await third.kill();
        } finally {
          await second.kill();
        }
      } finally {
        await db.close();
      }
    });
  });
}

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { createEventStore } from '../../audit/event-store.js';
import type { Intent } from '../../audit/event.js';
import { openStore, type Db } from '../../store/index.js';

/**
 * Outcomes are written behind the answer (recording-api does not wait for them): every read of
 * the store must still see them. A database that holds each outcome UPDATE until released makes
 * the ordering deterministic instead of a race a fast engine happens to win.
 */
describe('audit event store: reads wait for outcomes still being written', () => {
  let dir: string;
  let db: Db;
  let release: () => void;
  let held: Promise<void>;
  const intent: Intent = {
    surface: 'scim',
    operation: 'user.create',
    actor: 'admin@rally.sandbox',
    request: { id: null, address: null },
    target: { id: null, userName: 'held.outcome@example.com', externalId: '00u-held' },
    changes: {},
    deadline: Date.now() - 1, // past: a read that missed the outcome would call it unknown
  };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'audit-flush-'));
    db = await openStore({ dataDir: dir });
  });
  after(async () => {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => {
    held = new Promise((r) => (release = r));
  });

  const slowOutcomes = (): Db => ({
    ...db,
    run: async (sql, params) => {
      if (sql.startsWith('UPDATE audit_events')) await held;
      return db.run(sql, params);
    },
  });

  it('a page, a user’s unresolved events and the creates of an Okta user read the outcome', async () => {
    const events = createEventStore(slowOutcomes());
    const { id } = await events.begin(intent);
    void events.finish(id, { status: 'succeeded', targetId: '4242' });
    let answered = false;
    const reads = Promise.all([
      events.page({ targetId: '4242' }, 10),
      events.unresolvedFor({ userName: intent.target.userName! }),
      events.createsFor('00u-held'),
      events.targetsOf(['user.create']),
    ]).finally(() => (answered = true));
    await new Promise((r) => setImmediate(r));
    expect(answered, 'a read answered before the outcome it must show was written').to.equal(false);
    release();
    const [page, unresolved, creates, targets] = await reads;
    expect(page.map((e) => [e.id, e.outcome.status])).to.deep.equal([[id, 'succeeded']]);
    expect(unresolved).to.deep.equal([]);
    expect(creates.map((e) => e.outcome.status)).to.deep.equal(['succeeded']);
    expect(targets.get('4242')).to.equal('user.create');
  });

  it('flush resolves once the outcomes begun before it are written, even if one fails', async () => {
    // One store: of two held outcomes, the first fails once released, the second is written.
    const failing = new Set<unknown>();
    const oneFails: Db = {
      ...db,
      run: async (sql, params) => {
        if (!sql.startsWith('UPDATE audit_events')) return db.run(sql, params);
        await held;
        if (failing.has(params?.at(-1))) throw new Error('disk full');
        return db.run(sql, params);
      },
    };
    const events = createEventStore(oneFails);
    const first = await events.begin({ ...intent, target: { ...intent.target, externalId: '00u-one' } });
    const second = await events.begin({ ...intent, target: { ...intent.target, externalId: '00u-two' } });
    failing.add(first.id);
    const lost = events.finish(first.id, { status: 'succeeded' }).then(
      () => 'written',
      () => 'rejected',
    );
    void events.finish(second.id, { status: 'failed', code: 'RALLY_CONFLICT' });
    let flushed = false;
    const f = events.flush().then(() => (flushed = true));
    await new Promise((r) => setImmediate(r));
    expect(flushed, 'flush resolved before the outcomes it waits for were written').to.equal(false);
    release();
    await f; // resolves, not rejects, though one outcome failed
    expect(await lost).to.equal('rejected');
    const statuses = new Map((await events.page({}, 10)).map((e) => [e.id, e.outcome.status]));
    expect(statuses.get(second.id)).to.equal('failed');
    expect(statuses.get(first.id), 'the failed outcome leaves its intent, past deadline').to.equal('unknown');
  });
});

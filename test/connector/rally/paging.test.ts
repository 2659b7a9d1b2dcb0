import { expect } from 'chai';
import { where } from '../../../connector/rally/index.js';
import { startRallyEnv, type RallyEnv } from '../../helpers/rally-env.js';

describe('Rally client paging', () => {
  let env: RallyEnv;
  before(async () => {
    env = await startRallyEnv({ seed: { users: 1500 } });
  });
  after(() => env.close());
  beforeEach(() => env.sandbox.reset());

  async function all(pageSize: number, readAhead?: number): Promise<number[]> {
    const ids: number[] = [];
    const api = env.client.as(env.admin.apiKey);
    for await (const u of api.users({ pageSize, ...(readAhead !== undefined && { readAhead }) }))
      ids.push(u.ObjectID);
    return ids;
  }

  it('walks every user exactly once, in ObjectID order, including disabled ones', async () => {
    const expected = env.sandbox.inspect.users();
    const ids = await all(97);
    expect(ids).to.have.length(expected);
    expect(new Set(ids).size).to.equal(expected);
    expect(ids).to.deep.equal([...ids].sort((a, b) => a - b));
    const disabled = await env.client
      .as(env.admin.apiKey)
      .queryUsers({ query: where('Disabled', '=', true) });
    expect(disabled.total).to.be.greaterThan(0);
  });

  it('gives the same sequence whatever the page size and read-ahead', async () => {
    const a = await all(2000);
    const b = await all(13, 3);
    const c = await all(250, 1);
    expect(b).to.deep.equal(a);
    expect(c).to.deep.equal(a);
  });

  it('never has more than 12 requests of one credential in flight at Rally', async () => {
    const api = env.client.as(env.admin.apiKey);
    // Latency makes requests pile up; several listings at once, each reading ahead 12 pages,
    // must still share one cap of 12.
    env.sandbox.setFaults({ latencyMs: 20 });
    await Promise.all(
      [1, 2, 3].map(async () => {
        let n = 0;
        for await (const _ of api.users({ pageSize: 20, readAhead: 12 })) n++;
        return n;
      }),
    );
    const peak = env.sandbox.stats().peakInFlightByUser[env.sandbox.credentials.admin.username];
    expect(peak).to.equal(12);
  });

  it('honours a lower configured cap', async () => {
    const client = env.makeClient({ concurrency: 4 });
    let n = 0;
    for await (const _ of client.as(env.admin.apiKey).users({ pageSize: 50 })) n++;
    expect(n).to.equal(env.sandbox.inspect.users());
    expect(env.sandbox.stats().peakInFlightByUser[env.sandbox.credentials.admin.username]).to.be.at.most(4);
  });

  it('reports exact totals and page boundaries for a page query', async () => {
    const api = env.client.as(env.admin.apiKey);
    const total = env.sandbox.inspect.users();
    const last = await api.queryUsers({ start: total - 4, pageSize: 10 });
    expect(last.total).to.equal(total);
    expect(last.startIndex).to.equal(total - 4);
    expect(last.results).to.have.length(5);
  });

  it('reads no page past maxItems, so a cursor page does not pay for read-ahead it throws away', async () => {
    const api = env.client.as(env.admin.apiKey);
    const all: unknown[] = [];
    for await (const p of api.workspacePermissions({})) all.push(p);
    expect(all.length).to.be.greaterThan(5);
    const before = env.sandbox.stats().requests;
    const some: unknown[] = [];
    for await (const p of api.workspacePermissions({ maxItems: 5 })) some.push(p);
    expect(some).to.have.length(5);
    expect(env.sandbox.stats().requests - before).to.equal(1);
  });

  it('stops fetching when the reader stops early', async () => {
    const api = env.client.as(env.admin.apiKey);
    let n = 0;
    for await (const _ of api.users({ pageSize: 10, readAhead: 2 })) if (++n === 15) break;
    // Wait until the count has settled (no request arrived for 150 ms), so a late one is seen.
    for (let last = -1; last !== env.sandbox.stats().requests;) {
      last = env.sandbox.stats().requests;
      await new Promise((r) => setTimeout(r, 150));
    }
    // first page + at most the read-ahead window (2) + the one refilled after page 2 was consumed
    expect(env.sandbox.stats().requests).to.be.at.most(5);
  });
});

import { expect } from 'chai';
import type { Sandbox } from '../../sandbox/index.js';
import { freshSandbox, q, queryResult, wsapi } from './helpers.js';

async function page(sandbox: Sandbox, params: string) {
  return queryResult(await wsapi(sandbox, 'get', `/users?${params}`).expect(200));
}

describe('sandbox paging and order', () => {
  let sandbox: Sandbox;
  beforeEach(() => {
    sandbox = freshSandbox({ users: 137 });
  });

  it('pages to the end with exact counts and no duplicates', async () => {
    const seen: string[] = [];
    let start = 1;
    for (;;) {
      const result = await page(
        sandbox,
        `query=${q('(Disabled = false)')}&order=${q('UserName Asc,ObjectID')}&start=${start}&pagesize=25`,
      );
      expect(result.StartIndex).to.equal(start);
      expect(result.PageSize).to.equal(25);
      seen.push(...result.Results.map((r) => String(r._ref)));
      if (start + 25 > result.TotalResultCount) {
        expect(seen).to.have.length(result.TotalResultCount);
        break;
      }
      expect(result.Results).to.have.length(25);
      start += 25;
    }
    expect(new Set(seen).size).to.equal(seen.length);
  });

  it('defaults to start 1, pagesize 20 and ObjectID order', async () => {
    const result = await page(sandbox, 'query=' + q('(ObjectID > 0)'));
    expect(result).to.include({ StartIndex: 1, PageSize: 20, TotalResultCount: 140 });
    const oids = result.Results.map((r) => Number(String(r._ref).split('/').pop()));
    expect(oids).to.deep.equal([...oids].sort((a, b) => a - b));
  });

  it('orders by UserName descending with ObjectID breaking ties', async () => {
    const result = await page(sandbox, `order=${q('UserName desc')}&pagesize=2000&fetch=UserName`);
    const names = result.Results.map((r) => String(r.UserName).toLowerCase());
    expect(names).to.deep.equal([...names].sort().reverse());
  });

  it('keeps equal keys in ObjectID order across pages', async () => {
    const all = await page(sandbox, `order=Department&pagesize=2000&fetch=Department,ObjectID`);
    for (let i = 1; i < all.Results.length; i++) {
      const [a, b] = [all.Results[i - 1]!, all.Results[i]!];
      if (a.Department === b.Department) expect(Number(a.ObjectID)).to.be.lessThan(Number(b.ObjectID));
    }
    const paged: unknown[] = [];
    for (let start = 1; start <= all.TotalResultCount; start += 7) {
      paged.push(
        ...(await page(sandbox, `order=Department&pagesize=7&start=${start}&fetch=ObjectID`)).Results.map(
          (r) => r.ObjectID,
        ),
      );
    }
    expect(paged).to.deep.equal(all.Results.map((r) => r.ObjectID));
  });

  it('answers an empty page past the end', async () => {
    const result = await page(sandbox, 'start=500&pagesize=10');
    expect(result).to.include({ TotalResultCount: 140, StartIndex: 500 });
    expect(result.Results).to.deep.equal([]);
  });

  it('clamps pagesize above 2000 with a warning', async () => {
    const result = await page(sandbox, 'pagesize=5000');
    expect(result.PageSize).to.equal(2000);
    expect(result.Warnings).to.deep.equal(['The pagesize parameter is limited to 2000; 2000 was used']);
    expect(result.Results).to.have.length(140);
  });

  it('rejects a non-positive start or pagesize', async () => {
    const bad = await page(sandbox, 'pagesize=0');
    expect(bad.Errors).to.deep.equal([
      'Invalid value for the pagesize parameter: "0". It must be a positive integer',
    ]);
    expect((await page(sandbox, 'start=-1')).Errors).to.have.length(1);
  });

  it('reflects a write in the next query (no stale cache)', async () => {
    const before = await page(sandbox, `query=${q('(Disabled = false)')}`);
    await wsapi(sandbox, 'post', '/user/create').send({
      User: { UserName: 'late@acme.example', EmailAddress: 'late@acme.example' },
    });
    const after = await page(sandbox, `query=${q('(Disabled = false)')}`);
    expect(after.TotalResultCount).to.equal(before.TotalResultCount + 1);
  });
});

import { expect } from 'chai';
import request from 'supertest';
import { startAppEnv, type AppEnv } from '../../helpers/app-env.js';
import { authHeaders, BASE, resetAll } from '../../helpers/connector.js';

interface Page {
  users: Array<{ id: string; userName: string; active: boolean }>;
  nextCursor: string | null;
  total: number;
}

const BLOCK = 40;

describe('GET /connector/v1/users (Find Users)', () => {
  let env: AppEnv;
  before(async () => {
    env = await startAppEnv({ users: 250, userWindows: { blockSize: BLOCK, readAheadBlocks: 2 } });
  });
  after(() => env.close());
  beforeEach(() => resetAll(env));

  const get = (query: Record<string, string>, headers = authHeaders(env, 'admin')) =>
    request(env.app).get(`${BASE}/users`).query(query).set(headers);

  async function readAll(limit: number, filters: Record<string, string> = {}): Promise<Page[]> {
    const pages: Page[] = [];
    let cursor: string | null = null;
    do {
      const query: Record<string, string> = { ...filters, limit: String(limit) };
      if (cursor !== null) query.cursor = cursor;
      const page = (await get(query).expect(200)).body as Page;
      pages.push(page);
      cursor = page.nextCursor;
    } while (cursor !== null && pages.length < 1000);
    return pages;
  }

  async function rallyIds(): Promise<string[]> {
    const ids: string[] = [];
    for await (const u of env.client.as(env.admin.apiKey).users()) ids.push(String(u.ObjectID));
    return ids;
  }

  it('answers the first page with 100 users by default, the total and a cursor', async () => {
    const res = await get({}).expect(200);
    expect(res.body.users).to.have.length(100);
    expect(res.body.total).to.equal(env.sandbox.inspect.users());
    expect(res.body.nextCursor).to.be.a('string');
    expect(Object.keys(res.body.users[0])).to.include.members([
      'id',
      'userName',
      'email',
      'firstName',
      'lastName',
      'middleName',
      'displayName',
      'active',
      'department',
      'costCenter',
      'officeLocation',
      'phone',
      'role',
      'networkId',
      'subscriptionAdmin',
      'createdAt',
    ]);
  });

  it('pages to the end across read-ahead blocks with no duplicates or gaps', async () => {
    const pages = await readAll(17);
    const ids = pages.flatMap((p) => p.users.map((u) => u.id));
    expect(ids).to.deep.equal(await rallyIds());
    expect(new Set(ids).size).to.equal(ids.length);
    expect(pages.at(-1)!.nextCursor).to.equal(null);
    expect(pages.every((p) => p.total === ids.length)).to.equal(true);
  });

  it('reads each Rally block once while a sequential reader walks the list', async () => {
    const before = env.sandbox.stats().requests;
    const pages = await readAll(25);
    const total = pages[0]!.total;
    expect(env.sandbox.stats().requests - before).to.equal(Math.ceil(total / BLOCK));
  });

  it('fetches the next blocks ahead of the reader after the first page', async () => {
    await get({ limit: '10' }).expect(200);
    // Read-ahead runs after the answer; give it up to 2 s on a loaded machine, then check.
    for (let waited = 0; env.sandbox.stats().requests < 3 && waited < 2000; waited += 20) {
      await new Promise((r) => setTimeout(r, 20));
    }
    await new Promise((r) => setTimeout(r, 50)); // nothing more than the two blocks may follow
    // The first block plus two read ahead.
    expect(env.sandbox.stats().requests).to.equal(3);
    expect(env.userWindows.blocks).to.equal(3);
  });

  it('never serves read-ahead pages to another credential', async () => {
    await get({ limit: '10' }).expect(200);
    await new Promise((r) => setTimeout(r, 100));
    const afterAdmin = env.sandbox.stats().requests;
    await get({ limit: '10' }, authHeaders(env, 'viewer')).expect(200);
    expect(env.sandbox.stats().requests).to.be.greaterThan(afterAdmin);
    const res = await get(
      { limit: '10' },
      { authorization: `Basic ${Buffer.from('admin@rally.sandbox:wrong').toString('base64')}` },
    );
    expect(res.status).to.equal(401);
  });

  it('finds a user by userName regardless of case, exactly', async () => {
    const res = await get({ userName: 'ADMIN@Rally.Sandbox' }).expect(200);
    expect(res.body.users.map((u: { userName: string }) => u.userName)).to.deep.equal([
      'admin@rally.sandbox',
    ]);
    expect(res.body).to.include({ total: 1, nextCursor: null });
    const partial = await get({ userName: 'admin@rally' }).expect(200);
    expect(partial.body.total).to.equal(0);
  });

  it('starts every listing afresh: a user created right after an empty existence check is found', async () => {
    const userName = 'fresh.check@example.com';
    expect((await get({ userName }).expect(200)).body.total).to.equal(0);
    await request(env.app)
      .post(`${BASE}/users`)
      .set(authHeaders(env, 'admin'))
      .send({ userName, email: userName })
      .expect(201);
    const again = await get({ userName }).expect(200);
    expect(again.body.users.map((u: { userName: string }) => u.userName)).to.deep.equal([userName]);
  });

  it('finds users by exact email', async () => {
    const res = await get({ email: 'viewer@rally.sandbox' }).expect(200);
    expect(res.body.users.map((u: { userName: string }) => u.userName)).to.deep.equal([
      'viewer@rally.sandbox',
    ]);
  });

  it('filters by active state', async () => {
    const viewer = env.sandbox.inspect.userByUserName('viewer@rally.sandbox')!;
    await request(env.app)
      .patch(`${BASE}/users/${String(viewer.ObjectID)}`)
      .set(authHeaders(env, 'admin'))
      .send({ active: false })
      .expect(200);
    const inactive = await get({ active: 'false', limit: '2000' }).expect(200);
    expect(inactive.body.users.map((u: { userName: string }) => u.userName)).to.include(
      'viewer@rally.sandbox',
    );
    expect(inactive.body.users.every((u: { active: boolean }) => !u.active)).to.equal(true);
    const active = await get({ active: 'true', limit: '2000' }).expect(200);
    expect(active.body.users.every((u: { active: boolean }) => u.active)).to.equal(true);
    expect(active.body.total + inactive.body.total).to.equal(env.sandbox.inspect.users());
  });

  it('treats a query-injection attempt in userName as a literal value that matches nothing', async () => {
    const res = await get({ userName: 'x@y.z") OR (UserName != "' }).expect(200);
    expect(res.body).to.deep.equal({ users: [], nextCursor: null, total: 0 });
    const email = await get({ email: 'a") OR (EmailAddress contains "@' }).expect(200);
    expect(email.body.total).to.equal(0);
  });

  for (const [limit, why] of [
    ['0', 'too small'],
    ['2001', 'too large'],
    ['ten', 'not a number'],
    ['1.5', 'not an integer'],
  ] as const) {
    it(`answers 400 VALIDATION_FAILED for limit=${limit} (${why})`, async () => {
      const res = await get({ limit }).expect(400);
      expect(res.body.error.code).to.equal('VALIDATION_FAILED');
      expect(res.body.error.details.fields[0].field).to.equal('limit');
    });
  }

  it('answers 400 naming an unknown query parameter and the known ones', async () => {
    const res = await get({ username: 'x' }).expect(400);
    expect(res.body.error.message).to.include('username').and.include('userName');
  });

  it('answers 400 INVALID_CURSOR to a tampered cursor', async () => {
    const first = await get({ limit: '5' }).expect(200);
    const [payload, sum] = (first.body.nextCursor as string).split('.');
    const forged = Buffer.from(JSON.stringify({ v: 1, o: 100, f: 'x' })).toString('base64url');
    for (const cursor of [`${forged}.${sum}`, `${payload}.AAAA${sum!.slice(4)}`, 'garbage', `${payload}`]) {
      const res = await get({ limit: '5', cursor }).expect(400);
      expect(res.body.error.code).to.equal('INVALID_CURSOR');
    }
  });

  it('answers 400 INVALID_CURSOR to a cursor from a listing with other filters', async () => {
    const first = await get({ limit: '5', active: 'true' }).expect(200);
    const res = await get({ limit: '5', cursor: first.body.nextCursor }).expect(400);
    expect(res.body.error.code).to.equal('INVALID_CURSOR');
    expect(res.body.error.message).to.match(/other filters/);
  });
});

import { expect } from 'chai';
import { startAppEnv, type AppEnv } from '../helpers/app-env.js';
import { PATCH, scim } from './helpers.js';
import { entitlementIds, rallyEntitlements } from './rally-permissions.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** mulberry32: the same random grants and revokes on every run. */
function prng(seed: number) {
  let s = seed >>> 0;
  return (n: number) => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), s | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n);
  };
}

describe('Entitlements round trip: SCIM reads equal Rally’s permissions, before and after changes', () => {
  let env: AppEnv;
  let catalogue: { projects: Array<{ id: number; workspace: number }>; workspaces: number[] };
  before(async () => {
    // Okta's retries are the test's; the client's own stay short so a fault costs milliseconds.
    env = await startAppEnv({
      users: 50,
      client: { retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5 } },
    });
    const rally = await fetch(`${env.baseUrl}/project?fetch=ObjectID,Workspace&pagesize=2000`, {
      headers: { ZSESSIONID: env.sandbox.credentials.admin.apiKey },
    });
    const projects = ((await rally.json()) as Json).QueryResult.Results as Json[];
    catalogue = {
      projects: projects.map((p) => ({
        id: p.ObjectID,
        workspace: Number(/(\d+)$/.exec(p.Workspace._ref)![1]),
      })),
      workspaces: [...new Set(projects.map((p) => Number(/(\d+)$/.exec(p.Workspace._ref)![1])))],
    };
    const listed = (await scim(env).get('/ProjectRoles?count=1000').expect(200)).body.totalResults;
    expect(listed).to.equal(catalogue.projects.length * 3);
  });
  after(() => env.close());

  const key = () => env.sandbox.credentials.admin.apiKey;
  const generated = async (): Promise<Json[]> => {
    const body = (await scim(env).get('/Users?startIndex=1&count=100').expect(200)).body;
    return (body.Resources as Json[]).filter((u) => !/@rally\.sandbox$/.test(u.userName as string));
  };

  /** A random, self-consistent access set: every project role comes with a role on its workspace. */
  function randomAccess(rand: (n: number) => number): string[] {
    const out = new Set<string>();
    const roles = ['Viewer', 'Editor', 'ProjectAdmin'];
    for (const p of catalogue.projects) {
      if (rand(4) === 0) {
        out.add(`project:${p.id}:${roles[rand(3)]}`);
        out.add(`workspace:${p.workspace}:${rand(4) === 0 ? 'Admin' : 'User'}`);
      }
    }
    if (out.size === 0) out.add(`workspace:${catalogue.workspaces[rand(catalogue.workspaces.length)]}:User`);
    // One role per workspace: Admin wins over User when both were drawn.
    for (const w of catalogue.workspaces)
      if (out.has(`workspace:${w}:Admin`)) out.delete(`workspace:${w}:User`);
    return [...out].sort();
  }

  /** PUT the whole list, or PATCH the difference (remove by value filter, add the rest). */
  function request(user: Json, wanted: string[], viaPut: boolean) {
    if (viaPut)
      return scim(env).put(`/Users/${user.id}`, {
        ...user,
        entitlements: wanted.map((value) => ({ value })),
      });
    const held = entitlementIds(user);
    const Operations: Json[] = held
      .filter((id) => !wanted.includes(id))
      .map((id) => ({ op: 'remove', path: `entitlements[value eq "${id}"]` }));
    const added = wanted.filter((id) => !held.includes(id)).map((value) => ({ value }));
    if (added.length > 0) Operations.push({ op: 'add', path: 'entitlements', value: added });
    if (Operations.length === 0)
      Operations.push({ op: 'replace', path: 'entitlements', value: wanted.map((value) => ({ value })) });
    return scim(env).patch(`/Users/${user.id}`, { schemas: [PATCH], Operations });
  }

  async function expectSame(users: Json[]): Promise<void> {
    const rally = await rallyEntitlements(env.baseUrl, key());
    for (const u of users)
      expect(entitlementIds(u), u.userName).to.deep.equal([...(rally.get(Number(u.id)) ?? [])].sort());
  }

  it('50 users: import equals Rally; after random grants and revokes it still does', async () => {
    const users = await generated();
    expect(users).to.have.length(50);
    await expectSame(users);
    const rand = prng(7);
    const wanted = new Map<string, string[]>();
    for (const [i, u] of users.entries()) {
      const access = randomAccess(rand);
      wanted.set(u.id as string, access);
      const res = await request(u, access, i % 2 === 0);
      expect(res.status, JSON.stringify(res.body)).to.equal(200);
      expect(entitlementIds(res.body)).to.deep.equal(access);
    }
    const after = await generated();
    await expectSame(after);
    for (const u of after) expect(entitlementIds(u)).to.deep.equal(wanted.get(u.id as string));
    // GET one by one agrees with the listing.
    for (const u of after.slice(0, 10)) {
      const one = (await scim(env).get(`/Users/${u.id}`).expect(200)).body;
      expect(entitlementIds(one)).to.deep.equal(entitlementIds(u));
    }
  });

  it('20% injected Rally faults: retried as Okta retries, grants and revokes end exact', async function () {
    this.timeout(60_000);
    const users = (await generated()).slice(0, 20);
    const rand = prng(11);
    const wanted = new Map<string, string[]>();
    const before = env.sandbox.stats().faultsInjected;
    // 503s carry Retry-After: 1 in the sandbox, which only makes the run slower; 502/504 fail as fast.
    env.sandbox.setFaults({ errorRate: 0.2, errorStatuses: [502, 504] });
    let retries = 0;
    try {
      for (const [i, u] of users.entries()) {
        const access = randomAccess(rand);
        wanted.set(u.id as string, access);
        // Okta retries a provisioning call that failed with 5xx or 429, re-reading the user first.
        for (let attempt = 1; ; attempt++) {
          const current = (await scim(env).get(`/Users/${u.id}`)).body;
          const res = current.id ? await request(current, access, i % 2 === 1) : { status: 503, body: {} };
          if (res.status === 200) break;
          expect(res.status, JSON.stringify(res.body)).to.be.oneOf([429, 500, 502, 503, 504]);
          expect(attempt, 'Okta gives up after many attempts').to.be.below(30);
          retries++;
        }
      }
    } finally {
      env.sandbox.setFaults({});
    }
    const rally = await rallyEntitlements(env.baseUrl, key());
    for (const u of users)
      expect([...(rally.get(Number(u.id)) ?? [])].sort(), u.userName).to.deep.equal(
        wanted.get(u.id as string),
      );
    await expectSame(await generated());
    // The faults did happen, and Okta-style retries were needed to get through them.
    expect(env.sandbox.stats().faultsInjected - before).to.be.greaterThan(20);
    expect(retries).to.be.greaterThan(0);
  });
});

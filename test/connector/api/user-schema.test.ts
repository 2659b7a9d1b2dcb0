import { expect } from 'chai';
import request from 'supertest';
import { startAppEnv, type AppEnv } from '../../helpers/app-env.js';
import { authHeaders, BASE, resetAll } from '../../helpers/connector.js';

interface Attribute {
  name: string;
  rallyName: string | null;
  type: string;
  writable: boolean;
  required: boolean;
  allowedValues: string[] | null;
}

describe('GET /connector/v1/schema/users', () => {
  let env: AppEnv;
  before(async () => {
    env = await startAppEnv();
  });
  after(() => env.close());
  beforeEach(() => resetAll(env));

  const schema = async (who: 'admin' | 'viewer' = 'admin'): Promise<Attribute[]> =>
    (await request(env.app).get(`${BASE}/schema/users`).set(authHeaders(env, who)).expect(200)).body
      .attributes;

  it('lists every User field with its type and whether it is writable or required', async () => {
    const attrs = await schema();
    expect(attrs.map((a) => a.name)).to.include.members([
      'id',
      'userName',
      'email',
      'active',
      'department',
      'createdAt',
    ]);
    const by = (n: string) => attrs.find((a) => a.name === n)!;
    expect(by('userName')).to.include({
      rallyName: 'UserName',
      type: 'string',
      writable: true,
      required: true,
    });
    expect(by('email')).to.include({ writable: true, required: true });
    expect(by('active')).to.include({
      rallyName: 'Disabled',
      type: 'boolean',
      writable: true,
      required: false,
    });
    expect(by('id')).to.include({ writable: false });
    expect(by('subscriptionAdmin')).to.include({ writable: false, type: 'boolean' });
  });

  it('gives the subscription’s allowed values of the four dropdowns, read from Rally’s type definitions', async () => {
    const attrs = await schema();
    const rally = await env.client.as(env.admin.apiKey).userAttributes();
    for (const [ours, theirs] of [
      ['department', 'Department'],
      ['costCenter', 'CostCenter'],
      ['officeLocation', 'OfficeLocation'],
      ['role', 'Role'],
    ] as const) {
      const expected = rally
        .find((a) => a.elementName === theirs)!
        .allowedValues!.filter((v) => v !== 'None');
      expect(attrs.find((a) => a.name === ours)!.allowedValues, ours)
        .to.deep.equal(expected)
        .and.have.length.above(3);
    }
    expect(attrs.find((a) => a.name === 'firstName')!.allowedValues).to.equal(null);
  });

  it('caches the type definition per credential for a short time', async () => {
    await schema();
    const before = env.sandbox.stats().requests;
    await schema();
    expect(env.sandbox.stats().requests).to.equal(before);
    await schema('viewer');
    expect(env.sandbox.stats().requests).to.be.greaterThan(before);
  });
});

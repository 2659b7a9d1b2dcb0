import { expect } from 'chai';
import request from 'supertest';
import { startAppEnv, type AppEnv } from '../helpers/app-env.js';
import { ENTERPRISE, oktaCreateBody, PATCH, scim, scimErrorShape, SCIM } from './helpers.js';

describe('SCIM Users as Okta drives them', () => {
  let env: AppEnv;
  before(async () => {
    env = await startAppEnv();
  });
  after(() => env.close());
  beforeEach(() => env.sandbox.reset());

  describe('Test API Credentials and import', () => {
    it('answers GET /Users?startIndex=1&count=2 with a full ListResponse', async () => {
      const res = await scim(env)
        .get('/Users?startIndex=1&count=2')
        .expect(200)
        .expect('content-type', /application\/scim\+json/);
      expect(res.body.schemas).to.deep.equal(['urn:ietf:params:scim:api:messages:2.0:ListResponse']);
      expect(res.body.totalResults).to.equal(env.sandbox.inspect.users());
      expect(res.body.startIndex).to.equal(1);
      expect(res.body.itemsPerPage).to.equal(2);
      expect(res.body.Resources[0]).to.include.keys('id', 'userName', 'name', 'emails', 'active', 'meta');
    });

    it('pages through every user with startIndex/count, no duplicates or gaps', async () => {
      const seen: string[] = [];
      let total = Infinity;
      for (let start = 1; start <= total; start += 7) {
        const res = await scim(env).get(`/Users?startIndex=${start}&count=7`).expect(200);
        total = res.body.totalResults;
        expect(res.body.startIndex).to.equal(start);
        for (const u of res.body.Resources) seen.push(u.id);
      }
      expect(seen).to.have.length(env.sandbox.inspect.users());
      expect(new Set(seen).size).to.equal(seen.length);
    });

    it('answers an empty ListResponse past the end and for count=0', async () => {
      const past = await scim(env).get('/Users?startIndex=100000&count=10').expect(200);
      expect(past.body).to.include({ itemsPerPage: 0, totalResults: env.sandbox.inspect.users() });
      expect(past.body.Resources).to.deep.equal([]);
      const zero = await scim(env).get('/Users?count=0').expect(200);
      expect(zero.body.Resources).to.deep.equal([]);
      expect(zero.body.totalResults).to.equal(env.sandbox.inspect.users());
    });

    it('rejects non-integer paging with invalidValue', async () => {
      const res = await scim(env).get('/Users?startIndex=abc').expect(400);
      scimErrorShape(res.body, 400);
      expect(res.body.scimType).to.equal('invalidValue');
    });

    it('lists users with odd records (missing email) without failing the page', async () => {
      const res = await scim(env).get(`/Users?startIndex=1&count=1000`).expect(200);
      expect(res.body.Resources.length).to.equal(env.sandbox.inspect.users());
      const noMail = res.body.Resources.filter((u: { emails: unknown[] }) => u.emails.length === 0);
      expect(noMail.length).to.be.greaterThan(0);
    });
  });

  describe('filters', () => {
    it('finds a user by userName eq, case-insensitively, keeping its case', async () => {
      const res = await scim(env).get('/Users?filter=userName%20eq%20%22ADMIN@RALLY.SANDBOX%22').expect(200);
      expect(res.body.totalResults).to.equal(1);
      expect(res.body.Resources[0].userName).to.equal('admin@rally.sandbox');
    });

    it('answers 200 with zero results for an unknown userName (existence check)', async () => {
      const res = await scim(env)
        .get(`/Users?filter=${encodeURIComponent('userName eq "nobody@example.com"')}&startIndex=1&count=100`)
        .expect(200);
      expect(res.body).to.include({ totalResults: 0, itemsPerPage: 0 });
    });

    it('supports emails.value, emails[type eq "work"].value, id, and/or', async () => {
      const admin = env.sandbox.inspect.userByUserName('admin@rally.sandbox')!;
      const email = String(admin.EmailAddress);
      for (const f of [
        `emails.value eq "${email}"`,
        `emails[type eq "work"].value eq "${email}"`,
        `id eq "${admin.ObjectID}"`,
        `userName eq "admin@rally.sandbox" and id eq "${admin.ObjectID}"`,
        `(userName eq "nobody@x.y" or userName eq "admin@rally.sandbox")`,
      ]) {
        const res = await scim(env)
          .get(`/Users?filter=${encodeURIComponent(f)}`)
          .expect(200);
        expect(
          res.body.Resources.map((u: { id: string }) => u.id),
          f,
        ).to.include(String(admin.ObjectID));
      }
    });

    for (const f of [
      'userName sw "a"',
      'title eq "x"',
      'userName eq',
      'userName eq "x" and',
      '(userName eq "x"',
      'emails[value eq "x"].value eq "y"',
    ]) {
      it(`answers 400 invalidFilter for: ${f}`, async () => {
        const res = await scim(env)
          .get(`/Users?filter=${encodeURIComponent(f)}`)
          .expect(400);
        scimErrorShape(res.body, 400);
        expect(res.body.scimType).to.equal('invalidFilter');
      });
    }

    for (const value of [
      'x@y.z") OR (UserName != "',
      'x@y.z) OR (UserName contains "a',
      '\\") OR (Disabled = false',
    ]) {
      it(`cannot inject into the Rally query: ${value}`, async () => {
        // JSON-escaped inside the SCIM filter, so the hostile text itself reaches the Rally query builder.
        const filter = `userName eq ${JSON.stringify(value)}`;
        const res = await scim(env)
          .get(`/Users?filter=${encodeURIComponent(filter)}`)
          .expect(200);
        expect(res.body.totalResults).to.equal(0);
      });
    }
  });

  describe('create, read, update, deactivate', () => {
    it('creates a user from Okta’s body: 201, Location, case-preserved userName, no password or externalId stored', async () => {
      const res = await scim(env).post('/Users', oktaCreateBody('Ada.Lovelace@Example.com')).expect(201);
      expect(res.headers.location).to.equal(res.body.meta.location);
      expect(res.body.userName).to.equal('Ada.Lovelace@Example.com');
      expect(res.body.name).to.include({ givenName: 'Ada', familyName: 'Lovelace' });
      expect(res.body.active).to.equal(true);
      expect(JSON.stringify(res.body)).to.not.contain('Placeholder-Password').and.not.contain('00u1abcdEFGH');
      const stored = env.sandbox.inspect.userByUserName('Ada.Lovelace@Example.com')!;
      expect(stored.FirstName).to.equal('Ada');
      await scim(env).get(`/Users/${res.body.id}`).expect(200);
    });

    it('answers 409 uniqueness when the userName exists', async () => {
      await scim(env).post('/Users', oktaCreateBody('dup@example.com')).expect(201);
      const res = await scim(env).post('/Users', oktaCreateBody('DUP@example.com')).expect(409);
      scimErrorShape(res.body, 409);
      expect(res.body.scimType).to.equal('uniqueness');
    });

    it('answers 400 invalidValue for a non-email userName, telling the admin what to fix in Okta', async () => {
      const res = await scim(env).post('/Users', oktaCreateBody('ada.lovelace')).expect(400);
      expect(res.body.scimType).to.equal('invalidValue');
      expect(res.body.detail)
        .to.match(/email format/)
        .and.match(/Okta/);
    });

    it('answers 404 with a SCIM error for unknown or non-numeric ids', async () => {
      for (const id of ['999999999', '010101001010101011001010101011', 'abc', '00919288221112222']) {
        const res = await scim(env).get(`/Users/${id}`).expect(404);
        scimErrorShape(res.body, 404);
      }
    });

    it('replaces mapped attributes on PUT, clearing what the body leaves out', async () => {
      const created = await scim(env)
        .post(
          '/Users',
          oktaCreateBody('put.me@example.com', { phoneNumbers: [{ value: '+1 555 0100', type: 'work' }] }),
        )
        .expect(201);
      const body = {
        ...oktaCreateBody('put.me@example.com'),
        name: { givenName: 'Grace', familyName: 'Hopper' },
        displayName: undefined,
      };
      const res = await scim(env).put(`/Users/${created.body.id}`, body).expect(200);
      expect(res.body.name).to.include({ givenName: 'Grace', familyName: 'Hopper' });
      expect(res.body.phoneNumbers).to.equal(undefined);
      expect(env.sandbox.inspect.userByUserName('put.me@example.com')!.Phone ?? null).to.equal(null);
    });

    it('deactivates and reactivates with Okta’s PATCH without a path', async () => {
      const created = await scim(env).post('/Users', oktaCreateBody('toggle@example.com')).expect(201);
      const off = await scim(env)
        .patch(`/Users/${created.body.id}`, {
          schemas: [PATCH],
          Operations: [{ op: 'replace', value: { active: false } }],
        })
        .expect(200);
      expect(off.body.active).to.equal(false);
      expect(env.sandbox.inspect.userByUserName('toggle@example.com')!.Disabled).to.equal(true);
      const on = await scim(env)
        .patch(`/Users/${created.body.id}`, {
          schemas: [PATCH],
          Operations: [{ op: 'replace', path: 'active', value: true }],
        })
        .expect(200);
      expect(on.body.active).to.equal(true);
      expect(env.sandbox.inspect.userByUserName('toggle@example.com')!.Disabled).to.equal(false);
    });

    it('deactivates with PUT active:false and with DELETE (never deleting in Rally)', async () => {
      const a = await scim(env).post('/Users', oktaCreateBody('put.off@example.com')).expect(201);
      await scim(env)
        .put(`/Users/${a.body.id}`, oktaCreateBody('put.off@example.com', { active: false }))
        .expect(200);
      expect(env.sandbox.inspect.userByUserName('put.off@example.com')!.Disabled).to.equal(true);
      const b = await scim(env).post('/Users', oktaCreateBody('delete.me@example.com')).expect(201);
      await scim(env).delete(`/Users/${b.body.id}`).expect(204);
      expect(env.sandbox.inspect.userByUserName('delete.me@example.com')!.Disabled).to.equal(true);
    });

    it('patches path forms: name.givenName, emails[type eq "work"].value, enterprise department', async () => {
      const created = await scim(env).post('/Users', oktaCreateBody('paths@example.com')).expect(201);
      const res = await scim(env)
        .patch(`/Users/${created.body.id}`, {
          schemas: [PATCH],
          Operations: [
            { op: 'replace', path: 'name.givenName', value: 'Augusta' },
            { op: 'replace', path: 'emails[type eq "work"].value', value: 'augusta@example.com' },
            { op: 'Replace', value: { [ENTERPRISE]: { department: 'Engineering' } } },
          ],
        })
        .expect(200);
      expect(res.body.name.givenName).to.equal('Augusta');
      expect(res.body.emails[0].value).to.equal('augusta@example.com');
      expect(res.body[ENTERPRISE].department).to.equal('Engineering');
      const stored = env.sandbox.inspect.userByUserName('paths@example.com')!;
      expect(stored.FirstName).to.equal('Augusta');
      expect(stored.LastName).to.equal('Lovelace');
      expect(stored.EmailAddress).to.equal('augusta@example.com');
      expect(stored.Department).to.equal('Engineering');
    });

    it('makes an added primary email the stored one (RFC 7643 §2.4: one primary)', async () => {
      const created = await scim(env).post('/Users', oktaCreateBody('primary@example.com')).expect(201);
      const res = await scim(env)
        .patch(`/Users/${created.body.id}`, {
          schemas: [PATCH],
          Operations: [
            { op: 'add', value: { emails: [{ value: 'new.primary@example.com', primary: true }] } },
          ],
        })
        .expect(200);
      expect(res.body.emails[0].value).to.equal('new.primary@example.com');
      expect(env.sandbox.inspect.userByUserName('primary@example.com')!.EmailAddress).to.equal(
        'new.primary@example.com',
      );
    });

    it('answers 400 for add or replace without a value', async () => {
      const created = await scim(env).post('/Users', oktaCreateBody('novalue@example.com')).expect(201);
      const res = await scim(env)
        .patch(`/Users/${created.body.id}`, {
          schemas: [PATCH],
          Operations: [{ op: 'replace', path: 'active' }],
        })
        .expect(400);
      scimErrorShape(res.body, 400);
      expect(env.sandbox.inspect.userByUserName('novalue@example.com')!.Disabled).to.equal(false);
    });

    it('answers 400 invalidValue naming the allowed values for an unknown Rally dropdown value', async () => {
      const res = await scim(env)
        .post('/Users', oktaCreateBody('dropdown@example.com', { [ENTERPRISE]: { department: 'Astrology' } }))
        .expect(400);
      expect(res.body.scimType).to.equal('invalidValue');
      expect(res.body.detail)
        .to.match(/department/)
        .and.match(/Astrology/)
        .and.match(/one of/);
      expect(env.sandbox.inspect.userByUserName('dropdown@example.com')).to.equal(undefined);
    });

    it('answers 400 for a malformed PatchOp and unknown paths', async () => {
      const created = await scim(env).post('/Users', oktaCreateBody('bad.patch@example.com')).expect(201);
      const a = await scim(env).patch(`/Users/${created.body.id}`, { Operations: [] }).expect(400);
      scimErrorShape(a.body, 400);
      const b = await scim(env)
        .patch(`/Users/${created.body.id}`, {
          schemas: [PATCH],
          Operations: [{ op: 'replace', path: 'a..b', value: 1 }],
        })
        .expect(400);
      expect(b.body.scimType).to.equal('invalidPath');
    });
  });

  describe('malformed requests and auth', () => {
    it('answers 401 with a SCIM error for "Authorization: non-token"', async () => {
      const res = await request(env.app).get(`${SCIM}/Users`).set('Authorization', 'non token').expect(401);
      scimErrorShape(res.body, 401);
    });

    it('answers 401 when Rally refuses the credentials', async () => {
      const res = await request(env.app)
        .get(`${SCIM}/Users`)
        .set('Authorization', 'Bearer _wrongKey1')
        .expect(401);
      scimErrorShape(res.body, 401);
    });

    it('answers 400 for bodies that are not JSON, have wrong types, or carry __proto__', async () => {
      const bad = [
        '{"userName": ',
        JSON.stringify({ userName: 42 }),
        '{"userName":"p@example.com","__proto__":{"admin":true}}',
        '[1,2,3]',
      ];
      for (const body of bad) {
        const res = await request(env.app)
          .post(`${SCIM}/Users`)
          .set('Authorization', `Bearer ${env.sandbox.credentials.admin.apiKey}`)
          .set('Content-Type', 'application/scim+json')
          .send(body);
        expect(res.status, body).to.equal(400);
        scimErrorShape(res.body, 400);
      }
    });

    it('answers 413 for a huge body, not 5xx', async () => {
      const res = await scim(env).post(
        '/Users',
        oktaCreateBody('big@example.com', { junk: 'x'.repeat(400_000) }),
      );
      expect(res.status).to.equal(413);
      scimErrorShape(res.body, 413);
    });

    it('answers 429 with integer Retry-After when Rally throttles', async () => {
      env.sandbox.setFaults({ errorRate: 1, errorStatuses: [429] });
      const res = await scim(env).get('/Users/1');
      expect(res.status).to.equal(429);
      expect(res.headers['retry-after']).to.match(/^\d+$/);
      scimErrorShape(res.body, 429);
    });
  });

  it('serves ServiceProviderConfig, ResourceTypes and Schemas', async () => {
    const spc = await request(env.app).get(`${SCIM}/ServiceProviderConfig`).expect(200);
    expect(spc.body.patch.supported).to.equal(true);
    expect(spc.body.filter.maxResults).to.be.a('number');
    const rt = await request(env.app).get(`${SCIM}/ResourceTypes`).expect(200);
    expect(rt.body.Resources.map((r: { id: string }) => r.id)).to.deep.equal([
      'User',
      'Group',
      'ProjectRole',
      'WorkspaceRole',
    ]);
    const schemas = await request(env.app).get(`${SCIM}/Schemas`).expect(200);
    expect(schemas.body.totalResults).to.equal(5);
    await request(env.app).get(`${SCIM}/Schemas/urn:ietf:params:scim:schemas:core:2.0:User`).expect(200);
  });
});

import { expect } from 'chai';
import request from 'supertest';
import { startAppEnv, type AppEnv } from '../../helpers/app-env.js';
import { authHeaders, BASE, LEAKS, resetAll } from '../../helpers/connector.js';

describe('users: Get, Create and Update User', () => {
  let env: AppEnv;
  before(async () => {
    env = await startAppEnv();
  });
  after(() => env.close());
  beforeEach(() => resetAll(env));

  const admin = () => authHeaders(env, 'admin');
  const create = (body: unknown, headers = admin()) =>
    request(env.app)
      .post(`${BASE}/users`)
      .set(headers)
      .send(body as object);
  const patch = (id: string, body: unknown) =>
    request(env.app)
      .patch(`${BASE}/users/${id}`)
      .set(admin())
      .send(body as object);

  describe('GET /users/:id', () => {
    it('answers the user by its Rally ObjectID', async () => {
      const oid = String(env.sandbox.inspect.userByUserName('viewer@rally.sandbox')!.ObjectID);
      const res = await request(env.app).get(`${BASE}/users/${oid}`).set(admin()).expect(200);
      expect(res.body).to.include({
        id: oid,
        userName: 'viewer@rally.sandbox',
        active: true,
        subscriptionAdmin: false,
      });
    });

    it('answers 404 USER_NOT_FOUND for an id Rally does not have', async () => {
      const res = await request(env.app).get(`${BASE}/users/12345`).set(admin()).expect(404);
      expect(res.body.error).to.include({ code: 'USER_NOT_FOUND', status: 404 });
    });

    it('answers 400 VALIDATION_FAILED for an id that is not an ObjectID', async () => {
      const res = await request(env.app).get(`${BASE}/users/jane@example.com`).set(admin()).expect(400);
      expect(res.body.error.details.fields).to.deep.equal([
        { field: 'id', problem: 'must be the Rally ObjectID of the user (digits only)' },
      ]);
    });
  });

  describe('POST /users', () => {
    it('creates the user and answers 201 with it', async () => {
      const res = await create({
        userName: 'Jane.Doe@example.com',
        email: 'jane@example.com',
        firstName: 'Jane',
        lastName: 'Doe',
        department: 'engineering',
        role: 'Developer',
      }).expect(201);
      expect(res.body).to.include({
        userName: 'Jane.Doe@example.com',
        email: 'jane@example.com',
        firstName: 'Jane',
        department: 'Engineering',
        role: 'Developer',
        active: true,
      });
      expect(res.body.id).to.match(/^\d+$/);
      expect(env.sandbox.inspect.userByUserName('Jane.Doe@example.com')).to.include({
        Department: 'Engineering',
      });
    });

    it('creates with Basic credentials too (security token)', async () => {
      await create(
        { userName: 'basic@example.com', email: 'basic@example.com' },
        authHeaders(env, 'admin', 'basic'),
      ).expect(201);
    });

    it('answers 409 USER_EXISTS with error.existingId when the userName is taken (any case)', async () => {
      const first = await create({ userName: 'dup@example.com', email: 'dup@example.com' }).expect(201);
      const res = await create({ userName: 'DUP@example.com', email: 'other@example.com' }).expect(409);
      expect(res.body.error).to.include({ code: 'USER_EXISTS', existingId: first.body.id });
      expect(res.body.error.details.rallyMessages.join(' ')).to.match(/conflicts with/);
    });

    it('answers 400 INVALID_USERNAME pointing at the Okta username mapping', async () => {
      const res = await create({ userName: 'jdoe', email: 'jdoe@example.com' }).expect(400);
      expect(res.body.error.code).to.equal('INVALID_USERNAME');
      expect(res.body.error.message)
        .to.match(/email format/)
        .and.match(/username mapping/);
      expect(env.sandbox.stats().byMethod.POST ?? 0).to.equal(0);
    });

    it('answers 400 VALIDATION_FAILED listing each bad field', async () => {
      const res = await create({
        userName: 'x@example.com',
        firstName: 7,
        active: 'yes',
        nickname: 'X',
      }).expect(400);
      expect(res.body.error.code).to.equal('VALIDATION_FAILED');
      const fields = (res.body.error.details.fields as Array<{ field: string; problem: string }>).map(
        (f) => f.field,
      );
      expect(fields).to.have.members(['email', 'firstName', 'active', 'nickname']);
      expect(res.body.error.message).to.match(/email: is required/);
      expect(res.body.error.message).to.match(/firstName: must be a string, not a number/);
    });

    it('answers 400 VALIDATION_FAILED naming the allowed values of an unknown dropdown value', async () => {
      const res = await create({
        userName: 'dd@example.com',
        email: 'dd@example.com',
        department: 'Astrology',
      }).expect(400);
      expect(res.body.error.code).to.equal('VALIDATION_FAILED');
      const [field] = res.body.error.details.fields;
      expect(field.field).to.equal('department');
      expect(field.allowedValues).to.include('Engineering');
      expect(res.body.error.message).to.include('Engineering');
      expect(env.sandbox.inspect.userByUserName('dd@example.com')).to.equal(undefined);
    });

    it('answers 403 INSUFFICIENT_PERMISSIONS with Rally’s message for a non-admin', async () => {
      const res = await create(
        { userName: 'n@example.com', email: 'n@example.com' },
        authHeaders(env, 'viewer'),
      ).expect(403);
      expect(res.body.error.details.rallyMessages).to.have.length.greaterThan(0);
      expect(JSON.stringify(res.body)).to.not.match(LEAKS);
    });
  });

  describe('PATCH /users/:id', () => {
    it('changes only the fields sent', async () => {
      const { body: user } = await create({
        userName: 'p@example.com',
        email: 'p@example.com',
        firstName: 'Pat',
        lastName: 'Lee',
        phone: '555',
      }).expect(201);
      const res = await patch(user.id, { lastName: 'Kim', officeLocation: 'Denver' }).expect(200);
      expect(res.body).to.include({
        firstName: 'Pat',
        lastName: 'Kim',
        phone: '555',
        officeLocation: 'Denver',
        active: true,
      });
    });

    it('clears a field sent as null, and a dropdown back to Rally’s None', async () => {
      const { body: user } = await create({
        userName: 'c@example.com',
        email: 'c@example.com',
        phone: '1',
        role: 'Tester',
      });
      const res = await patch(user.id, { phone: null, role: null }).expect(200);
      expect(res.body).to.include({ phone: null, role: null });
      expect(env.sandbox.inspect.userByUserName('c@example.com')).to.include({ Role: 'None' });
    });

    it('deactivates and reactivates in a round trip', async () => {
      const { body: user } = await create({
        userName: 'r@example.com',
        email: 'r@example.com',
        firstName: 'R',
      });
      const off = await patch(user.id, { active: false }).expect(200);
      expect(off.body).to.include({ active: false, firstName: 'R' });
      expect(env.sandbox.inspect.userByUserName('r@example.com')).to.include({ Disabled: true });
      const on = await patch(user.id, { active: true }).expect(200);
      expect(on.body).to.include({ active: true, firstName: 'R' });
      expect(env.sandbox.inspect.userByUserName('r@example.com')).to.include({ Disabled: false });
    });

    it('deactivates with a single Rally request', async () => {
      const { body: user } = await create({ userName: 'one@example.com', email: 'one@example.com' });
      const before = env.sandbox.stats().requests;
      await patch(user.id, { active: false }).expect(200);
      expect(env.sandbox.stats().requests - before).to.equal(1);
    });

    it('answers 404 USER_NOT_FOUND for an unknown id', async () => {
      const res = await patch('12345', { active: false }).expect(404);
      expect(res.body.error.code).to.equal('USER_NOT_FOUND');
    });

    it('answers 409 USER_EXISTS when renaming to a taken userName', async () => {
      const { body: user } = await create({ userName: 'mine@example.com', email: 'mine@example.com' });
      const res = await patch(user.id, { userName: 'admin@rally.sandbox' }).expect(409);
      expect(res.body.error.code).to.equal('USER_EXISTS');
      expect(res.body.error.existingId).to.equal(
        String(env.sandbox.inspect.userByUserName('admin@rally.sandbox')!.ObjectID),
      );
    });

    it('answers 400 INVALID_USERNAME and VALIDATION_FAILED before writing', async () => {
      const { body: user } = await create({ userName: 'v@example.com', email: 'v@example.com' });
      await patch(user.id, { userName: 'not an email' }).expect(400, /INVALID_USERNAME/);
      await patch(user.id, { active: 'false' }).expect(400, /VALIDATION_FAILED/);
      await patch(user.id, { costCenter: 'CC-0000' }).expect(400, /CC-1100/);
    });
  });
});

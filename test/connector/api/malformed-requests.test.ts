import { expect } from 'chai';
import request from 'supertest';
import { startAppEnv, type AppEnv } from '../../helpers/app-env.js';
import { authHeaders, BASE, LEAKS, resetAll } from '../../helpers/connector.js';

describe('malformed requests are answered 4xx, never 5xx', () => {
  let env: AppEnv;
  before(async () => {
    env = await startAppEnv();
  });
  after(() => env.close());
  beforeEach(() => resetAll(env));

  const post = (raw: string, type = 'application/json') =>
    request(env.app).post(`${BASE}/users`).set(authHeaders(env, 'admin')).set('content-type', type).send(raw);

  const cases: Array<[string, () => request.Test, number, string]> = [
    ['invalid JSON', () => post('{"userName": '), 400, 'MALFORMED_JSON'],
    ['a JSON string instead of an object', () => post('"jane@example.com"'), 400, 'MALFORMED_JSON'],
    ['a JSON array instead of an object', () => post('[{"userName":"a@b.co"}]'), 400, 'VALIDATION_FAILED'],
    ['null', () => post('null'), 400, 'MALFORMED_JSON'],
    [
      'no body at all',
      () => request(env.app).post(`${BASE}/users`).set(authHeaders(env, 'admin')),
      400,
      'VALIDATION_FAILED',
    ],
    [
      'a form body instead of JSON',
      () => post('userName=a@b.co&email=a@b.co', 'application/x-www-form-urlencoded'),
      400,
      'VALIDATION_FAILED',
    ],
    [
      'wrong types',
      () => post('{"userName": ["a@b.co"], "email": {"x": 1}, "active": 0}'),
      400,
      'VALIDATION_FAILED',
    ],
    [
      'a body over 100 kB',
      () => post(JSON.stringify({ userName: 'a@b.co', email: 'a@b.co', firstName: 'x'.repeat(200_000) })),
      413,
      'PAYLOAD_TOO_LARGE',
    ],
    [
      'deeply nested JSON',
      () => post(`{"userName":"a@b.co","email":"a@b.co","firstName":${'['.repeat(5000)}${']'.repeat(5000)}}`),
      400,
      'UNSAFE_JSON',
    ],
    [
      'a __proto__ key',
      () => post('{"userName":"a@b.co","email":"a@b.co","__proto__":{"admin":true}}'),
      400,
      'UNSAFE_JSON',
    ],
    [
      'a nested constructor.prototype',
      () => post('{"userName":"a@b.co","email":"a@b.co","x":{"constructor":{"prototype":{"a":1}}}}'),
      400,
      'UNSAFE_JSON',
    ],
    [
      'a field too long for Rally',
      () => post(JSON.stringify({ userName: 'a@b.co', email: 'a@b.co', firstName: 'x'.repeat(81) })),
      400,
      'VALIDATION_FAILED',
    ],
    [
      'a charset that is not UTF-8',
      () => post('{}', 'application/json; charset=ebcdic'),
      415,
      'UNSUPPORTED_ENCODING',
    ],
  ];

  for (const [what, send, status, code] of cases) {
    it(`answers ${status} ${code} to ${what}, with no stack or path`, async () => {
      const res = await send();
      expect(res.status).to.equal(status);
      expect(res.body.error).to.include({ code, status });
      expect(res.body.error.message).to.be.a('string').and.not.equal('');
      expect(JSON.stringify(res.body)).to.not.match(LEAKS);
    });
  }

  it('leaves Object.prototype untouched after a __proto__ body', async () => {
    await post('{"__proto__":{"polluted":true},"userName":"a@b.co","email":"a@b.co"}').expect(400);
    expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
  });

  it('writes nothing to Rally for any malformed body', async () => {
    for (const [, send] of cases) await send();
    expect(env.sandbox.stats().byMethod.POST ?? 0).to.equal(0);
  });

  it('answers 400 to repeated query parameters', async () => {
    const res = await request(env.app)
      .get(`${BASE}/users?limit=1&limit=2`)
      .set(authHeaders(env, 'admin'))
      .expect(400);
    expect(res.body.error.details.fields[0]).to.deep.include({ field: 'limit' });
  });

  it('answers a JSON 404 for an unknown connector route', async () => {
    const res = await request(env.app).get(`${BASE}/userz`).set(authHeaders(env, 'admin')).expect(404);
    expect(res.body.error.code).to.equal('ROUTE_NOT_FOUND');
  });
});

import { expect } from 'chai';
import request from 'supertest';
import { z } from 'zod';
import { endpoints, type Endpoint } from '../../../connector/endpoints.js';
import { UserCreateBody, UserSchema } from '../../../connector/schemas/user.js';
import { startAppEnv, type AppEnv } from '../../helpers/app-env.js';
import { BASE } from '../../helpers/connector.js';

type Json = Record<string, unknown>;

describe('GET /connector/v1/openapi.json', () => {
  let env: AppEnv;
  let doc: Json;
  before(async () => {
    env = await startAppEnv();
    doc = (await request(env.app).get(`${BASE}/openapi.json`).expect(200)).body as Json;
  });
  after(() => env.close());

  it('is OpenAPI 3.1 with an operation for every endpoint of the route table', () => {
    expect(doc.openapi).to.equal('3.1.0');
    const paths = doc.paths as Record<string, Record<string, Json>>;
    for (const ep of Object.values(endpoints) as Endpoint[]) {
      const op = paths[ep.path]?.[ep.method.toLowerCase()];
      expect(op, `${ep.method} ${ep.path}`).to.include({ operationId: ep.id });
      expect(op!.responses).to.have.property(String(ep.status));
      expect(op!.responses).to.have.property('401');
    }
  });

  it('resolves every $ref to a component', () => {
    const schemas = (doc.components as { schemas: Json }).schemas;
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map(
      (m) => m[1]!,
    );
    expect(refs.length).to.be.greaterThan(5);
    for (const ref of refs) expect(schemas, ref).to.have.property(ref);
  });

  it('is generated from the schemas that validate requests and shape responses', () => {
    const schemas = (doc.components as { schemas: Record<string, Json> }).schemas;
    const own = (s: z.ZodType, io: 'input' | 'output') => {
      const { $defs, ...json } = z.toJSONSchema(s, { io }) as Json;
      return ($defs as Record<string, Json>)[Object.keys($defs as Json)[0]!] ?? json;
    };
    expect(schemas.UserCreate).to.deep.equal(own(UserCreateBody, 'input'));
    expect(schemas.User).to.deep.equal(own(UserSchema, 'output'));
    const list = (doc.paths as Record<string, Record<string, { parameters: Json[] }>>)['/users']!.get!;
    expect(list.parameters.map((p) => p.name)).to.deep.equal([
      'limit',
      'cursor',
      'userName',
      'email',
      'active',
    ]);
  });

  it('needs no credential', () => request(env.app).get(`${BASE}/openapi.json`).expect(200));
});

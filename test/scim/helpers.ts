import request from 'supertest';
import type { AppEnv } from '../helpers/app-env.js';

export const SCIM = '/scim/v2';
export const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
export const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

/** supertest agent calls with the admin's API key, as Okta's "HTTP Header" auth sends it. */
export function scim(env: AppEnv) {
  const auth = `Bearer ${env.sandbox.credentials.admin.apiKey}`;
  const r = request(env.app);
  return {
    get: (p: string) =>
      r.get(`${SCIM}${p}`).set('Authorization', auth).set('Accept', 'application/scim+json'),
    post: (p: string, body: unknown) =>
      r
        .post(`${SCIM}${p}`)
        .set('Authorization', auth)
        .set('Content-Type', 'application/scim+json')
        .send(JSON.stringify(body)),
    put: (p: string, body: unknown) =>
      r
        .put(`${SCIM}${p}`)
        .set('Authorization', auth)
        .set('Content-Type', 'application/scim+json')
        .send(JSON.stringify(body)),
    patch: (p: string, body: unknown) =>
      r
        .patch(`${SCIM}${p}`)
        .set('Authorization', auth)
        .set('Content-Type', 'application/scim+json')
        .send(JSON.stringify(body)),
    delete: (p: string) => r.delete(`${SCIM}${p}`).set('Authorization', auth),
  };
}

/** The body Okta's provisioning client sends to create a user. */
export function oktaCreateBody(userName: string, extra: Record<string, unknown> = {}) {
  return {
    schemas: [USER],
    userName,
    name: { givenName: 'Ada', familyName: 'Lovelace' },
    emails: [{ primary: true, value: userName, type: 'work' }],
    displayName: 'Ada Lovelace',
    locale: 'en-US',
    externalId: '00u1abcdEFGH',
    groups: [],
    password: 'Placeholder-Password-1!',
    active: true,
    ...extra,
  };
}

export function scimErrorShape(body: Record<string, unknown>, status: number): void {
  if (!Array.isArray(body.schemas) || body.schemas[0] !== 'urn:ietf:params:scim:api:messages:2.0:Error') {
    throw new Error(`not a SCIM error body: ${JSON.stringify(body)}`);
  }
  if (body.status !== String(status)) throw new Error(`status ${String(body.status)} is not "${status}"`);
  if (typeof body.detail !== 'string' || body.detail === '') throw new Error('no detail');
}

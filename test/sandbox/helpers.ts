import request from 'supertest';
import type { Response, Test } from 'supertest';
import { createSandbox, type Sandbox, type SandboxSeedOptions } from '../../sandbox/index.js';

export const WSAPI = '/slm/webservice/v2.0';
export const ADMIN_KEY = '_sandboxAdminKey';
export const VIEWER_KEY = '_sandboxViewerKey';
export const WORKSPACE_ADMIN_KEY = '_sandboxWorkspaceAdminKey';

/** A fresh sandbox per test; 60 generated users seed in a few milliseconds. */
export function freshSandbox(seed: SandboxSeedOptions = {}): Sandbox {
  return createSandbox({ seed: { users: 60, ...seed } });
}

type Method = 'get' | 'post' | 'put' | 'delete';

/** A WSAPI request authenticated by API key (`ZSESSIONID`). */
export function wsapi(sandbox: Sandbox, method: Method, path: string, key = ADMIN_KEY): Test {
  return request(sandbox.app)[method](`${WSAPI}${path}`).set('ZSESSIONID', key);
}

export function basicAuth(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
}

export function q(query: string): string {
  return encodeURIComponent(query);
}

/** The single top-level envelope of a WSAPI JSON answer. */
export function envelope(
  res: Response,
  key: string,
): Record<string, unknown> & { Errors: string[]; Warnings: string[] } {
  const body = res.body as Record<string, unknown>;
  const value = body[key];
  if (typeof value !== 'object' || value === null)
    throw new Error(`expected a ${key} envelope, got ${res.text}`);
  return value as Record<string, unknown> & { Errors: string[]; Warnings: string[] };
}

export interface QueryEnvelope {
  Errors: string[];
  Warnings: string[];
  TotalResultCount: number;
  StartIndex: number;
  PageSize: number;
  Results: Array<Record<string, unknown>>;
}

export function queryResult(res: Response): QueryEnvelope {
  return envelope(res, 'QueryResult') as unknown as QueryEnvelope;
}

/** ObjectID at the end of an absolute `_ref`. */
export function oidOf(ref: unknown): string {
  return String(ref).split('/').pop()!;
}

export function userOid(sandbox: Sandbox, userName: string): number {
  return sandbox.inspect.userByUserName(userName)!.ObjectID as number;
}

/** ObjectID of a seeded project or workspace, looked up through the API as a client would. */
export async function oidByName(
  sandbox: Sandbox,
  type: 'project' | 'workspace',
  name: string,
): Promise<string> {
  const res = await wsapi(sandbox, 'get', `/${type}?query=${q(`(Name = "${name}")`)}`).expect(200);
  const [first] = queryResult(res).Results;
  if (!first) throw new Error(`no ${type} named ${name}`);
  return oidOf(first._ref);
}

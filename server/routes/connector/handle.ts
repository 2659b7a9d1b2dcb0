import type { Request, RequestHandler, Response, Router } from 'express';
import type { z } from 'zod';
import { expressPath, type Endpoint } from '../../../connector/endpoints.js';
import { validationFailed, type FieldProblem } from '../../../connector/errors.js';
import type { RallyApi, RallyClient, RallyCredential } from '../../../connector/rally/index.js';
import type { Audit } from '../../audit/index.js';
import type { CredentialResolver } from '../../auth/credential-resolver.js';
import { credentialOf, requireRallyCredential } from './auth.js';
import { jsonBody } from './body.js';

type Part<E, K extends 'params' | 'query' | 'body'> = E extends { [P in K]: infer S extends z.ZodType }
  ? z.output<S>
  : Record<string, never>;

export interface Call<E extends Endpoint> {
  readonly params: Part<E, 'params'>;
  readonly query: Part<E, 'query'>;
  readonly body: Part<E, 'body'>;
  readonly cred: RallyCredential;
  readonly api: RallyApi;
}

/** What every endpoint needs: the Rally client and, in AUTH_MODE=oauth, the credential resolver. */
export interface HandleDeps {
  readonly rally: RallyClient;
  readonly resolveCredential?: CredentialResolver;
  /** Records every Rally write of the endpoint (docs/audit.md); absent, writes are not recorded. */
  readonly audit?: Audit;
}

export type Result<E extends Endpoint> = E extends { response: infer S extends z.ZodType }
  ? z.output<S>
  : unknown;

/**
 * Registers one endpoint of the route table: credential, body parsing, validation of path, query
 * and body by the endpoint's own schemas, then the operation; its result is the response. Errors
 * go to the router's error translation (Express 5 forwards rejected promises).
 */
export function handle<E extends Endpoint>(
  router: Router,
  deps: HandleDeps,
  endpoint: E,
  operation: (call: Call<E>) => Promise<Result<E>>,
): void {
  const chain: RequestHandler[] = [
    requireRallyCredential(deps.resolveCredential),
    ...(endpoint.body ? jsonBody() : []),
  ];
  const method = endpoint.method.toLowerCase() as Lowercase<Endpoint['method']>;
  router[method](
    expressPath(endpoint.path),
    ...chain,
    async function runEndpoint(req: Request, res: Response) {
      const cred = credentialOf(res)!;
      const input = validate(endpoint, req);
      const deadline = deps.rally.deadline();
      const rally = deps.rally.as(cred, { deadline });
      const api = deps.audit
        ? deps.audit.wrap(rally, { req, res, surface: 'connector', cred, deadline })
        : rally;
      const result = await operation({ ...input, cred, api } as Call<E>);
      if (endpoint.status === 204) {
        res.status(204).end();
        return;
      }
      // res.json would first copy a body over 1000 characters into a Buffer (Express's send); a
      // string handed to end() is encoded once, as it is written.
      res.status(endpoint.status).type('application/json').end(JSON.stringify(result));
    },
  );
}

function validate(endpoint: Endpoint, req: Request): Record<'params' | 'query' | 'body', unknown> {
  const problems: FieldProblem[] = [];
  const parse = (schema: z.ZodObject | undefined, value: unknown, where: string): unknown => {
    if (!schema) return {};
    const r = schema.safeParse(value ?? (where === 'body' ? undefined : {}), { reportInput: true });
    if (r.success) return r.data;
    problems.push(...r.error.issues.flatMap((i) => describe(i, schema, where)));
    return undefined;
  };
  const input = {
    params: parse(endpoint.params, req.params, 'path'),
    query: parse(endpoint.query, req.query, 'query'),
    body: parse(endpoint.body, req.body, 'body'),
  };
  if (problems.length > 0) {
    const bodyMissing = problems.some((p) => p.field === 'body');
    throw validationFailed(
      problems,
      bodyMissing
        ? 'Send a JSON object with Content-Type: application/json.'
        : 'See GET /connector/v1/openapi.json.',
    );
  }
  return input;
}

function describe(issue: z.core.$ZodIssue, schema: z.ZodObject, where: string): FieldProblem[] {
  const path = issue.path.map(String).join('.');
  const field = path === '' ? (where === 'body' ? 'body' : where) : path;
  if (issue.code === 'unrecognized_keys') {
    const known = Object.keys(schema.shape).join(', ');
    return issue.keys.map((k) => ({
      field: path === '' ? k : `${path}.${k}`,
      problem: `is not a ${where === 'query' ? 'query parameter' : 'field'} of this endpoint (known: ${known})`,
    }));
  }
  if ((issue.code === 'invalid_type' || issue.code === 'invalid_value') && issue.input === undefined) {
    return [{ field, problem: field === 'body' ? 'a JSON object is required' : 'is required' }];
  }
  if (issue.code === 'invalid_type') {
    const got = Number.isNaN(issue.input) ? 'something else' : typeName(issue.input);
    return [{ field, problem: `must be ${article(issue.expected)}, not ${got}` }];
  }
  return [{ field, problem: issue.message }];
}

const article = (t: string) => (/^[aeiou]/.test(t) ? `an ${t}` : `a ${t}`);

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return article(typeof v);
}

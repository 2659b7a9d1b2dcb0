import { createServer, type Server } from 'node:http';
import { Agent, request } from 'undici';
import { fromRally } from '../connector/mapping/user.js';
import { USER_FETCH, type RallyUser } from '../connector/rally/index.js';
import { URN } from '../connector/scim/schemas.js';
import { toScimUser } from '../connector/scim/user-resource.js';

/**
 * The least any adapter must do for `GET /users?limit=N` (and for SCIM's
 * `GET /scim/v2/Users?startIndex&count`): take the API key, make the same Rally query our client
 * makes, map the records with the same `fromRally` (and `toScimUser`) and answer JSON. No auth
 * parsing beyond that, no validation, no logging, no error model, no concurrency cap: the
 * yardstick for what our request pipeline costs on top.
 */
export function createReferenceProxy(opts: { rallyBaseUrl: string }): Server {
  const dispatcher = new Agent({ keepAliveTimeout: 30_000, connections: 64 });
  const base = opts.rallyBaseUrl.replace(/\/+$/, '');
  return createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://proxy');
    const scim = url.pathname === '/scim/v2/Users';
    const limit = Number(url.searchParams.get(scim ? 'count' : 'limit') ?? 100);
    const start = scim ? Number(url.searchParams.get('startIndex') ?? 1) : 1;
    const key = (req.headers.authorization ?? '').replace(/^Bearer /, '');
    const qs = new URLSearchParams({
      query: '((Disabled = true) OR (Disabled = false))',
      fetch: USER_FETCH,
      order: 'ObjectID',
      start: String(start),
      pagesize: String(limit),
    });
    request(`${base}/user?${qs}`, { dispatcher, headers: { zsessionid: key, accept: 'application/json' } })
      .then(async (r) => {
        const body = (await r.body.json()) as {
          QueryResult: { TotalResultCount: number; Results: RallyUser[] };
        };
        const total = body.QueryResult.TotalResultCount;
        const users = body.QueryResult.Results.map(fromRally);
        const json = scim
          ? JSON.stringify({
              schemas: [URN.list],
              totalResults: total,
              startIndex: start,
              itemsPerPage: users.length,
              Resources: users.map((u) => toScimUser(u, 'http://proxy/scim/v2')),
            })
          : JSON.stringify({ users, total });
        res.writeHead(200, { 'content-type': scim ? 'application/scim+json' : 'application/json' }).end(json);
      })
      .catch(() => res.writeHead(502).end());
  });
}

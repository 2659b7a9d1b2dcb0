import { createServer, type Server } from 'node:http';
import { Agent, request } from 'undici';
import { fromRally } from '../connector/mapping/user.js';
import { USER_FETCH, type RallyUser } from '../connector/rally/index.js';

/**
 * The least any adapter must do for `GET /users?limit=N`: take the API key, make the same Rally
 * query our client makes, map the records with the same `fromRally` and answer JSON. No auth
 * parsing beyond that, no validation, no logging, no error model, no concurrency cap: the
 * yardstick for what our request pipeline costs on top.
 */
export function createReferenceProxy(opts: { rallyBaseUrl: string }): Server {
  const dispatcher = new Agent({ keepAliveTimeout: 30_000, connections: 64 });
  const base = opts.rallyBaseUrl.replace(/\/+$/, '');
  return createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://proxy');
    const limit = Number(url.searchParams.get('limit') ?? 100);
    const key = (req.headers.authorization ?? '').replace(/^Bearer /, '');
    const qs = new URLSearchParams({
      query: '((Disabled = true) OR (Disabled = false))',
      fetch: USER_FETCH,
      order: 'ObjectID',
      start: '1',
      pagesize: String(limit),
    });
    request(`${base}/user?${qs}`, { dispatcher, headers: { zsessionid: key, accept: 'application/json' } })
      .then(async (r) => {
        const body = (await r.body.json()) as {
          QueryResult: { TotalResultCount: number; Results: RallyUser[] };
        };
        const json = JSON.stringify({
          users: body.QueryResult.Results.map(fromRally),
          total: body.QueryResult.TotalResultCount,
        });
        res.writeHead(200, { 'content-type': 'application/json' }).end(json);
      })
      .catch(() => res.writeHead(502).end());
  });
}

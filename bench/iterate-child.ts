import { Agent, request } from 'undici';
import { createRallyClient, USER_FETCH } from '../connector/rally/index.js';

/**
 * Walks every user once and reports time and peak RSS of this process.
 * argv: mode (client | sequential) baseUrl apiKey pageSize
 */
const [mode = 'client', baseUrl = '', apiKey = '', pageSizeArg = '2000'] = process.argv.slice(2);
const pageSize = Number(pageSizeArg);
const started = performance.now();
let count = 0;
let ids = 0;

if (mode === 'client') {
  const client = createRallyClient({ baseUrl, timeoutMs: 60_000 });
  for await (const u of client.as({ kind: 'apiKey', apiKey }).users({ pageSize })) {
    count++;
    ids += u.ObjectID % 7;
  }
  await client.close();
} else {
  // The plain loop a script would write: one page after another over one keep-alive agent.
  const dispatcher = new Agent({ keepAliveTimeout: 30_000 });
  for (let start = 1, total = Infinity; start <= total; start += pageSize) {
    const qs = new URLSearchParams({
      query: '((Disabled = true) OR (Disabled = false))',
      fetch: USER_FETCH,
      order: 'ObjectID',
      start: String(start),
      pagesize: String(pageSize),
    });
    const res = await request(`${baseUrl}/user?${qs}`, { dispatcher, headers: { zsessionid: apiKey } });
    const body = (await res.body.json()) as {
      QueryResult: { TotalResultCount: number; Results: Array<{ ObjectID: number }> };
    };
    total = body.QueryResult.TotalResultCount;
    for (const u of body.QueryResult.Results) {
      count++;
      ids += u.ObjectID % 7;
    }
  }
  await dispatcher.close();
}

process.send?.({
  mode,
  count,
  checksum: ids,
  ms: performance.now() - started,
  peakRssMb: process.resourceUsage().maxRSS / 1024,
});

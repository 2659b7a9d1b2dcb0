import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import express, { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { EVENT_CSV_HEADER, RECON_CSV_HEADER, eventCsv, eventJsonl, reconCsv } from '../../../audit/export.js';
import { reconcile, type ReconRow } from '../../../audit/reconcile.js';
import {
  isRallyError,
  type RallyApi,
  type RallyClient,
  type RallyCredential,
} from '../../../connector/rally/index.js';
import type { Audit } from '../../audit/index.js';
import type { ConsoleGuard } from '../../auth/console-guard.js';
import type { CredentialResolver } from '../../auth/credential-resolver.js';
import { ApiError, toApiError } from '../../errors.js';
import { readerOf, requireAuditReader } from './access.js';
import { encodeCursor, readEventQuery } from './filters.js';

export interface AuditApiDeps {
  readonly rally: RallyClient;
  readonly audit: Audit;
  readonly resolveCredential?: CredentialResolver;
  readonly console?: ConsoleGuard;
  /** AUTH_MODE=oauth: the credential the service holds, for reconciliation from the console. */
  readonly serviceCredential?: RallyCredential;
}

/** `GET /audit/v1/events`, the reconciliation report and its deactivation, mounted at /audit/v1. */
export function createAuditApi(deps: AuditApiDeps): Router {
  const router = Router();
  const readers = requireAuditReader(deps);

  router.get('/events', ...readers, async function listEvents(req, res) {
    const { filter, limit, format } = readEventQuery(req);
    if (format !== 'json') return exportEvents(res, deps.audit, filter, format);
    const page = await deps.audit.events.page(filter, limit + 1);
    const more = page.length > limit;
    const events = page.slice(0, limit);
    res.set('Cache-Control', 'no-store').json({
      events: events.map(({ position: _p, ...e }) => e),
      nextCursor: more ? encodeCursor(events.at(-1)!.position) : null,
    });
  });

  router.get('/reconciliation', ...readers, async function reconciliation(req, res) {
    const api = rallyFor(req, res, deps);
    if (req.query.format === 'csv') return exportReconciliation(res, api, deps.audit);
    res.set('Cache-Control', 'no-store').json(await reconciliationReport(api, deps.audit));
  });

  router.post(
    '/reconciliation/deactivate',
    ...readers,
    express.json({ limit: '100kb' }),
    ...(deps.console ? [csrfForConsole(deps.console)] : []),
    async function deactivate(req, res) {
      const body = DeactivateBody.safeParse(req.body);
      if (!body.success)
        throw new ApiError(
          400,
          'VALIDATION_FAILED',
          'Send {"ids": ["<Rally ObjectID>", …]} with 1 to 500 ids.',
          {
            fields: body.error.issues.map((i) => ({ field: i.path.join('.') || 'body', problem: i.message })),
          },
        );
      const api = rallyFor(req, res, deps, 'console');
      res.json({ results: await deactivateAll(api, body.data.ids) });
    },
  );
  return router;
}

const DeactivateBody = z
  .object({
    ids: z
      .array(z.string().regex(/^\d{1,20}$/, 'must be a Rally ObjectID'))
      .min(1)
      .max(500),
  })
  .strict();

async function deactivateAll(api: RallyApi, ids: readonly string[]) {
  const results = [];
  for (const id of ids) {
    try {
      const user = await api.getUser(Number(id));
      if (user.Disabled === true) results.push({ id, userName: user.UserName, status: 'alreadyInactive' });
      else {
        await api.updateUser(user.ObjectID, { Disabled: true });
        results.push({ id, userName: user.UserName, status: 'deactivated' });
      }
    } catch (err) {
      if (!isRallyError(err)) throw err;
      const e = toApiError(err);
      results.push({ id, status: 'failed', code: e.code, message: e.message });
    }
  }
  return results;
}

/** The Rally API a reader acts with: their own credential, or in oauth mode the service's. */
function rallyFor(req: Request, res: Response, deps: AuditApiDeps, surface?: 'console'): RallyApi {
  const reader = readerOf(res);
  const cred = reader.credential ?? deps.serviceCredential;
  if (!cred)
    throw new ApiError(
      401,
      'INVALID_CREDENTIALS',
      'Reconciliation reads Rally: send a Subscription Admin’s Rally credential (Basic or API key) with the request.',
      undefined,
      { 'www-authenticate': 'Basic realm="rally-okta-connector"' },
    );
  // A whole-subscription listing has no one-request budget: each Rally call keeps its own timeout.
  if (!surface) return deps.rally.as(cred);
  const deadline = deps.rally.deadline();
  return deps.audit.wrap(deps.rally.as(cred, { deadline }), {
    req,
    res,
    surface,
    cred,
    deadline,
    ...(reader.via === 'console' && reader.name !== undefined && { consoleUser: reader.name }),
  });
}

function csrfForConsole(guard: ConsoleGuard): express.RequestHandler {
  return (req, res, next) => (readerOf(res).via === 'console' ? guard.verifyCsrf(req, res, next) : next());
}

/** The reconciliation as a CSV download, streamed row by row (the API and the console page). */
export async function exportReconciliation(res: Response, api: RallyApi, audit: Audit): Promise<void> {
  attachment(res, 'text/csv', 'rally-reconciliation.csv');
  res.write(RECON_CSV_HEADER);
  await reconcile(api, audit, (r) => writeAll(res, reconCsv(r)));
  res.end();
}

/** The reconciliation's counts and its findings grouped by kind (the API's JSON, the page's table). */
export async function reconciliationReport(api: RallyApi, audit: Audit) {
  const rows: Record<string, ReconRow[]> = {
    unmanaged: [],
    reactivatedBehindOkta: [],
    subscriptionAdmin: [],
  };
  const summary = await reconcile(api, audit, (r) => void rows[r.finding]!.push(r));
  return { ...summary, ...rows };
}

export function attachment(res: Response, type: string, name: string): void {
  res.status(200).set({
    'Content-Type': `${type}; charset=utf-8`,
    'Content-Disposition': `attachment; filename="${name}"`,
    'Cache-Control': 'no-store',
  });
}

/** Waits for the socket to drain: an export never buffers more than a chunk ahead. */
export async function writeAll(res: Response, chunk: string): Promise<void> {
  if (!res.write(chunk)) await new Promise<void>((resolve) => res.once('drain', resolve));
}

export async function exportEvents(
  res: Response,
  audit: Audit,
  filter: Parameters<Audit['events']['iterate']>[0],
  format: 'csv' | 'jsonl',
): Promise<void> {
  attachment(res, format === 'csv' ? 'text/csv' : 'application/x-ndjson', `audit-events.${format}`);
  // One chunk per ~64 kB rather than per line: fewer, larger writes keep the heap small.
  async function* chunks() {
    let chunk = format === 'csv' ? EVENT_CSV_HEADER : '';
    for await (const e of audit.events.iterateRaw(filter)) {
      chunk += format === 'csv' ? eventCsv(e) : eventJsonl(e);
      if (chunk.length >= 65_536) {
        yield chunk;
        chunk = '';
      }
    }
    if (chunk) yield chunk;
  }
  await pipeline(Readable.from(chunks(), { objectMode: false, highWaterMark: 65_536 }), res);
}

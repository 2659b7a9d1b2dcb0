import express, { Router, type RequestHandler, type Response } from 'express';
import { isRallyError, type RallyClient, type RallyCredential } from '../../../connector/rally/index.js';
import type { Audit } from '../../audit/index.js';
import { consoleViewOf, type ConsoleGuard } from '../../auth/console-guard.js';
import { exportEvents, exportReconciliation, reconciliationReport } from './api.js';
import { encodeCursor, readEventQuery } from './filters.js';
import { AUDIT_CSS, renderEventsPage, renderReconciliationPage } from './page-html.js';

export interface AuditPageDeps {
  readonly rally: RallyClient;
  readonly audit: Audit;
  /** Console sign-in; absent when the console is open (loopback, as for /saml). */
  readonly console?: ConsoleGuard;
  readonly serviceCredential?: RallyCredential;
}

const CSP =
  "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/** The console's audit pages at /audit: events with filters and a per-user timeline, reconciliation. */
export function createAuditPages(deps: AuditPageDeps): Router {
  const router = Router();
  router.use((_req, res, next) => {
    res.set({ 'Content-Security-Policy': CSP, 'Cache-Control': 'no-store' });
    next();
  });
  router.get('/assets/audit.css', (_req, res) => void res.type('text/css').send(AUDIT_CSS));
  const signedIn: RequestHandler[] = deps.console ? [deps.console.identify, deps.console.requireSession] : [];
  const csrf: RequestHandler[] = deps.console ? [deps.console.verifyCsrf] : [];
  const user = (res: Response) => consoleViewOf(res)?.user;

  router.get('/', ...signedIn, async function eventsPage(req, res) {
    const { filter, limit } = readEventQuery(req);
    const page = await deps.audit.events.page(filter, limit + 1);
    const events = page.slice(0, limit).map(({ position: _p, ...e }) => e);
    const query = Object.fromEntries(
      Object.entries(req.query).filter(
        (e): e is [string, string] => typeof e[1] === 'string' && e[1] !== '' && e[0] !== 'cursor',
      ),
    );
    const keep = new URLSearchParams(query).toString();
    const last = page[limit - 1];
    res.type('html').send(
      renderEventsPage({
        query,
        events,
        exportQuery: keep ? `&${keep}` : '',
        ...(page.length > limit &&
          last && { nextHref: `/audit?${keep ? `${keep}&` : ''}cursor=${encodeCursor(last.position)}` }),
        ...(user(res) !== undefined && { user: user(res)! }),
      }),
    );
  });

  router.get('/export', ...signedIn, async function exportFromConsole(req, res) {
    const { filter, format } = readEventQuery(req);
    await exportEvents(res, deps.audit, filter, format === 'jsonl' ? 'jsonl' : 'csv');
  });

  const reconPage = (res: Response, extra: Partial<Parameters<typeof renderReconciliationPage>[0]> = {}) => {
    const view = consoleViewOf(res);
    res.type('html').send(
      renderReconciliationPage({
        needsKey: deps.serviceCredential === undefined,
        ...(view && { csrfToken: view.csrfToken, user: view.user }),
        ...extra,
      }),
    );
  };
  router.get('/reconciliation', ...signedIn, (_req, res) => reconPage(res));
  router.post(
    '/reconciliation',
    ...signedIn,
    express.urlencoded({ extended: false, limit: '10kb', parameterLimit: 10 }),
    ...csrf,
    async function runReconciliation(req, res) {
      const form = req.body as Record<string, string | undefined>;
      const key = form.apiKey?.trim();
      const cred: RallyCredential | undefined = key
        ? { kind: 'apiKey', apiKey: key }
        : deps.serviceCredential;
      if (!cred)
        return reconPage(res.status(400), { problem: 'Enter the Rally API key of a Subscription Admin.' });
      const api = deps.rally.as(cred);
      try {
        if (form.format === 'csv') return await exportReconciliation(res, api, deps.audit);
        reconPage(res, { report: await reconciliationReport(api, deps.audit) });
      } catch (err) {
        if (!isRallyError(err) || res.headersSent) throw err;
        reconPage(res.status(err.status === 401 ? 400 : 502), {
          problem: `Rally refused the report: ${err.message}`,
        });
      }
    },
  );
  return router;
}

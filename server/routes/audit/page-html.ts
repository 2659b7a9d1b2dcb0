import type { AuditEvent } from '../../../audit/event.js';
import { OPERATIONS, STATUSES, SURFACES } from '../../../audit/event.js';
import type { Finding, ReconRow, Reconciliation } from '../../../audit/reconcile.js';
import { html, type SafeHtml } from '../../../saml/html/escape.js';

export const AUDIT_CSS = `body{font-family:system-ui,sans-serif;margin:1.5rem;color:#1f2328}table{border-collapse:collapse;width:100%;font-size:.9rem}th,td{border-bottom:1px solid #d0d7de;padding:.3rem .5rem;text-align:left;vertical-align:top}form.filters{display:flex;flex-wrap:wrap;gap:.5rem;align-items:end;margin:1rem 0}label{display:flex;flex-direction:column;font-size:.8rem}.succeeded{color:#1a7f37}.failed{color:#cf222e}.unknown,.pending{color:#9a6700}nav a{margin-right:1rem}ol.timeline li{margin:.4rem 0}code{font-size:.8rem}`;

function page(title: string, body: SafeHtml, user?: string): string {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="referrer" content="no-referrer" />
        <title>${title}</title>
        <link rel="stylesheet" href="/audit/assets/audit.css" />
      </head>
      <body>
        <nav>
          <a href="/audit">Events</a><a href="/audit/reconciliation">Reconciliation</a
          ><a href="/saml">SAML</a>${user ? html`<span>Signed in as ${user}</span>` : ''}
        </nav>
        <main>${body}</main>
      </body>
    </html>`.value;
}

const select = (name: string, values: readonly string[], current?: string) =>
  html`<label
    >${name}<select name="${name}">
      <option value="">any</option>
      ${values.map((v) => html`<option value="${v}" ${v === current ? html`selected` : ''}>${v}</option>`)}
    </select></label
  >`;

const text = (name: string, current: string | undefined, placeholder = '') =>
  html`<label>${name}<input name="${name}" value="${current ?? ''}" placeholder="${placeholder}" /></label>`;

function changesOf(e: AuditEvent): string {
  return Object.entries(e.changes)
    .map(([k, v]) => {
      const c = v as { before?: unknown; after?: unknown } | string | boolean;
      if (c && typeof c === 'object' && 'after' in c)
        return `${k}: ${JSON.stringify(c.before ?? null)} → ${JSON.stringify(c.after ?? null)}`;
      return `${k}: ${String(c)}`;
    })
    .join('; ');
}

export interface EventsPageModel {
  readonly query: Readonly<Record<string, string | undefined>>;
  readonly events: readonly AuditEvent[];
  readonly nextHref?: string;
  readonly exportQuery: string;
  readonly user?: string;
}

export function renderEventsPage(m: EventsPageModel): string {
  const q = m.query;
  const who = q.userName ?? q.targetId;
  const rows = m.events.map(
    (e) =>
      html`<tr data-event="${e.id}">
        <td>${e.at}</td>
        <td>${e.operation}</td>
        <td>
          <a href="/audit?userName=${encodeURIComponent(e.target.userName ?? '')}"
            >${e.target.userName ?? e.target.id ?? '?'}</a
          >${e.target.externalId ? html` <code>${e.target.externalId}</code>` : ''}
        </td>
        <td>${e.actor}</td>
        <td>${e.surface}</td>
        <td class="${e.outcome.status}">
          ${e.outcome.status}${e.outcome.code ? html` <code>${e.outcome.code}</code>` : ''}
        </td>
        <td>${changesOf(e)}</td>
        <td>${e.outcome.rallyMessage ?? ''}</td>
      </tr>`,
  );
  const timeline = who
    ? html`<section id="timeline">
        <h2>Timeline of ${who}</h2>
        <ol class="timeline">
          ${[...m.events]
            .reverse()
            .map(
              (e) =>
                html`<li>
                  <strong>${e.at}</strong> ${e.operation} by ${e.actor} (${e.surface}):
                  <span class="${e.outcome.status}">${e.outcome.status}</span> ${changesOf(e)}
                </li>`,
            )}
        </ol>
      </section>`
    : '';
  const body = html`<h1>Audit trail</h1>
    <p>
      Every change this service made in Rally, newest first: who asked, on which surface, and what Rally
      answered.
    </p>
    <form class="filters" method="get" action="/audit">
      ${text('userName', q.userName, 'jane@example.com')}${text('targetId', q.targetId)}
      ${select('surface', SURFACES, q.surface)}${select('operation', OPERATIONS, q.operation)}${select('status', STATUSES, q.status)}
      ${text('since', q.since, '2026-01-01')}${text('until', q.until)}
      <button type="submit">Filter</button>
    </form>
    <p>
      <a id="export-csv" href="/audit/export?format=csv${m.exportQuery}">Download CSV</a> ·
      <a href="/audit/export?format=jsonl${m.exportQuery}">Download JSONL</a>
    </p>
    ${timeline}
    <table id="events">
      <thead>
        <tr>
          <th>at</th>
          <th>operation</th>
          <th>user</th>
          <th>actor</th>
          <th>surface</th>
          <th>outcome</th>
          <th>changes</th>
          <th>Rally said</th>
        </tr>
      </thead>
      <tbody>
        ${
          rows.length
            ? rows
            : html`<tr>
                <td colspan="8">No events match.</td>
              </tr>`
        }
      </tbody>
    </table>
    ${m.nextHref ? html`<p><a id="next" href="${m.nextHref}">Older events</a></p>` : ''}`;
  return page('Audit trail', body, m.user);
}

export function renderReconciliationPage(m: {
  report?: Reconciliation & Partial<Record<Finding, ReconRow[]>>;
  needsKey: boolean;
  csrfToken?: string;
  problem?: string;
  user?: string;
}): string {
  const csrf = m.csrfToken ? html`<input type="hidden" name="_csrf" value="${m.csrfToken}" />` : '';
  const form = html`<form method="post" action="/audit/reconciliation">
    ${csrf}
    ${m.needsKey ? html`<label>Rally API key of a Subscription Admin (used for this report only, never stored)<input type="password" name="apiKey" autocomplete="off" /></label>` : ''}
    <button type="submit" name="format" value="html">Run reconciliation</button>
    <button type="submit" name="format" value="csv">Download CSV</button>
  </form>`;
  const list = (title: string, rows: readonly ReconRow[] | undefined, id: string) =>
    html`<h2>${title} (${rows?.length ?? 0})</h2>
      <table id="${id}">
        <tbody>
          ${(rows ?? []).slice(0, 500).map(
            (r) =>
              html`<tr>
                <td>${r.id}</td>
                <td><a href="/audit?userName=${encodeURIComponent(r.userName)}">${r.userName}</a></td>
                <td>${r.email ?? ''}</td>
              </tr>`,
          )}
        </tbody>
      </table>`;
  const r = m.report;
  const body = html`<h1>Reconciliation</h1>
    <p>
      Active Rally users Okta does not manage, users this service deactivated that are active again, and
      Subscription Admins.
    </p>
    ${m.problem ? html`<p class="failed">${m.problem}</p>` : ''}${form}
    ${
      r
        ? html`<p id="totals">
              ${r.totals.activeUsers} active of ${r.totals.users} users; ${r.totals.unmanaged} unmanaged;
              ${r.totals.reactivatedBehindOkta} reactivated behind Okta's back; ${r.totals.subscriptionAdmin}
              Subscription Admins.
            </p>
            ${list('Not managed by Okta', r.unmanaged, 'unmanaged')}${list('Reactivated behind Okta', r.reactivatedBehindOkta, 'reactivated')}${list('Subscription Admins', r.subscriptionAdmin, 'admins')}
            <h2>Per workspace</h2>
            <table id="workspaces">
              <tbody>
                ${r.workspaces.map(
                  (w) =>
                    html`<tr>
                      <td>${w.name}</td>
                      <td>${w.activeUsers} active</td>
                      <td>${w.unmanaged} unmanaged</td>
                    </tr>`,
                )}
              </tbody>
            </table>`
        : ''
    }`;
  return page('Reconciliation', body, m.user);
}

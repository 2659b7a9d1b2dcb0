import type { RawEvent } from './event-store.js';
import type { ReconRow } from './reconcile.js';

/** RFC 4180 field: quoted when it holds a comma, quote or line break; formula starts neutralised. */
export function csvField(v: unknown): string {
  let s = v === null || v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v);
  // A spreadsheet would run "=…" as a formula (CSV injection): a leading quote makes it text.
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export const csvLine = (values: readonly unknown[]): string => `${values.map(csvField).join(',')}\r\n`;

/** The events' CSV header line; `eventCsv` writes the rows in the same order. */
export const EVENT_CSV_HEADER = csvLine([
  'id',
  'at',
  'surface',
  'operation',
  'actor',
  'requestId',
  'clientAddress',
  'targetId',
  'targetUserName',
  'targetExternalId',
  'changes',
  'status',
  'code',
  'rallyMessage',
  'durationMs',
]);

export function eventCsv(e: RawEvent): string {
  return csvLine([
    e.id,
    e.at,
    e.surface,
    e.operation,
    e.actor,
    e.request.id,
    e.request.address,
    e.target.id,
    e.target.userName,
    e.target.externalId,
    e.changesJson,
    e.outcome.status,
    e.outcome.code,
    e.outcome.rallyMessage,
    e.durationMs,
  ]);
}

/** One JSON line; `changes` is spliced in as stored (it is JSON already). */
export function eventJsonl(e: RawEvent): string {
  const { changesJson, ...rest } = e;
  return `${JSON.stringify(rest).slice(0, -1)},"changes":${changesJson}}\n`;
}

/** The reconciliation's CSV, the same from the API, the console page and the CLI. */
export const RECON_CSV_HEADER = csvLine(['finding', 'id', 'userName', 'email']);
export const reconCsv = (r: ReconRow): string => csvLine([r.finding, r.id, r.userName, r.email]);

import type { Request } from 'express';
import { MESSAGES } from '../http/messages.js';
import { WsapiError } from '../http/wsapi-error.js';

export const MAX_PAGE_SIZE = 2000;
export const DEFAULT_PAGE_SIZE = 20;

/** A query-string parameter, name matched case-insensitively (`pageSize` and `pagesize` both work). */
export function param(req: Request, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(req.query)) {
    if (key.toLowerCase() !== wanted) continue;
    const first: unknown = Array.isArray(value) ? value[0] : value;
    return typeof first === 'string' ? first : undefined;
  }
  return undefined;
}

function positiveInteger(req: Request, name: string, fallback: number): number {
  const raw = param(req, name);
  if (raw === undefined || raw === '') return fallback;
  if (!/^\s*\d+\s*$/.test(raw) || Number(raw) < 1)
    throw new WsapiError([MESSAGES.invalidParameter(name, raw)]);
  return Number(raw);
}

/**
 * `start` is 1-based; `pagesize` defaults to 20 and is clamped to 2000 (KB 47778) with a Warning
 * rather than an error (documented choice).
 */
export function pageParams(req: Request): { start: number; pageSize: number; warnings: string[] } {
  const start = positiveInteger(req, 'start', 1);
  const requested = positiveInteger(req, 'pagesize', DEFAULT_PAGE_SIZE);
  if (requested <= MAX_PAGE_SIZE) return { start, pageSize: requested, warnings: [] };
  return { start, pageSize: MAX_PAGE_SIZE, warnings: [MESSAGES.pageSizeClamped(MAX_PAGE_SIZE)] };
}

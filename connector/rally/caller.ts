import type { RallyCredential } from './credential.js';
import type { HttpMethod, Transport } from './transport.js';

type Query = Readonly<Record<string, string | number | boolean | undefined>>;

/** A transport bound to one credential: what the operation modules use. */
export interface Caller {
  get(path: string, query?: Query): Promise<unknown>;
  write(
    method: Exclude<HttpMethod, 'GET'>,
    path: string,
    body?: unknown,
    opts?: { idempotent?: boolean; query?: Query },
  ): Promise<unknown>;
}

export function bindCaller(transport: Transport, cred: RallyCredential): Caller {
  return {
    get: (path, query) =>
      transport.send(cred, { method: 'GET', path, ...(query && { query }), idempotent: true }),
    write: (method, path, body, opts) =>
      transport.send(cred, {
        method,
        path,
        ...(body !== undefined && { body }),
        ...(opts?.query && { query: opts.query }),
        idempotent: opts?.idempotent ?? false,
      }),
  };
}

/** Rally `_ref`s are absolute URLs; requests want the path below the WSAPI base. */
export function refPath(ref: string): string {
  const m = /\/webservice\/v2\.0(\/[^?#]*)/i.exec(ref);
  const path = m?.[1] ?? (ref.startsWith('/') ? ref : `/${ref}`);
  return path.replace(/\.js$/i, '');
}

/** The ObjectID at the end of a `_ref` (`.../project/123` → 123). */
export function refId(ref: string): number | undefined {
  const m = /\/(\d+)(?:\.js)?$/.exec(refPath(ref));
  return m ? Number(m[1]) : undefined;
}

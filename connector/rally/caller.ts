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

/**
 * `deadline` (absolute, transport clock) bounds every request made through the caller, retries
 * included, so an operation of several Rally calls answers within one budget, not one each.
 */
export function bindCaller(transport: Transport, cred: RallyCredential, deadline?: number): Caller {
  const within = deadline === undefined ? {} : { deadline };
  return {
    get: (path, query) =>
      transport.send(cred, { method: 'GET', path, ...(query && { query }), idempotent: true, ...within }),
    write: (method, path, body, opts) =>
      transport.send(cred, {
        ...within,
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

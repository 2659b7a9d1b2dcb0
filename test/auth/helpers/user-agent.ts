/**
 * A minimal browser over fetch for the HTTP sign-in tests: a cookie jar (host and path matched,
 * ports shared as browsers share them) and redirects followed one hop at a time, so a test can
 * stop at any hop, look at it, change it or replay it.
 */
export interface Hop {
  readonly url: string;
  readonly status: number;
  readonly headers: Headers;
  readonly body: string;
  readonly location: string | undefined;
}

interface StoredCookie {
  readonly value: string;
  readonly host: string;
  readonly path: string;
}

export class UserAgent {
  readonly trail: string[] = [];
  private readonly jar = new Map<string, StoredCookie>();

  /** One request, no redirect followed. `form` makes it a urlencoded POST. */
  async request(
    url: string,
    init: { form?: Record<string, string>; headers?: Record<string, string> } = {},
  ): Promise<Hop> {
    const u = new URL(url);
    const headers: Record<string, string> = { accept: 'text/html,application/xhtml+xml', ...init.headers };
    const cookie = this.cookieHeader(u);
    if (cookie) headers['cookie'] = cookie;
    if (init.form) headers['content-type'] = 'application/x-www-form-urlencoded';
    const res = await fetch(u, {
      method: init.form ? 'POST' : 'GET',
      headers,
      redirect: 'manual',
      ...(init.form && { body: new URLSearchParams(init.form).toString() }),
    });
    for (const line of res.headers.getSetCookie()) this.store(u, line);
    const location = res.headers.get('location') ?? undefined;
    this.trail.push(`${init.form ? 'POST' : 'GET'} ${u.pathname} ${res.status}`);
    return {
      url: u.href,
      status: res.status,
      headers: res.headers,
      body: await res.text(),
      location: location === undefined ? undefined : new URL(location, u).href,
    };
  }

  /** Follows redirects (as GET) until a page answers, or `stop` says so. */
  async follow(
    url: string,
    init: { form?: Record<string, string> } = {},
    stop: (hop: Hop) => boolean = () => false,
  ): Promise<Hop> {
    let hop = await this.request(url, init);
    for (let i = 0; i < 20 && hop.location && hop.status >= 300 && hop.status < 400 && !stop(hop); i++)
      hop = await this.request(hop.location);
    return hop;
  }

  cookie(name: string): string | undefined {
    return [...this.jar.entries()].find(([k]) => k.endsWith(`|${name}`))?.[1].value;
  }

  cookies(): string[] {
    return [...this.jar.values()].map((c) => c.value);
  }

  forget(name: string): void {
    for (const k of [...this.jar.keys()]) if (k.endsWith(`|${name}`)) this.jar.delete(k);
  }

  private cookieHeader(u: URL): string {
    return [...this.jar.entries()]
      .filter(([, c]) => c.host === u.hostname && u.pathname.startsWith(c.path))
      .map(([k, c]) => `${k.split('|')[2]}=${c.value}`)
      .join('; ');
  }

  private store(u: URL, line: string): void {
    const [pair = '', ...attrs] = line.split(';').map((s) => s.trim());
    const eq = pair.indexOf('=');
    const name = pair.slice(0, eq);
    const value = pair.slice(eq + 1);
    const attr = (n: string) =>
      attrs.find((a) => a.toLowerCase().startsWith(`${n}=`))?.slice(n.length + 1) ?? undefined;
    const path = attr('path') ?? '/';
    const key = `${u.hostname}|${path}|${name}`;
    const maxAge = attr('max-age');
    const expires = attr('expires');
    const gone =
      value === '' ||
      (maxAge !== undefined && Number(maxAge) <= 0) ||
      (expires !== undefined && Date.parse(expires) < Date.now());
    if (gone) this.jar.delete(key);
    else this.jar.set(key, { value, host: u.hostname, path });
  }
}

/** The fields of the first form on a page whose action matches, with its absolute action URL. */
export function formOn(hop: Hop, action: RegExp): { action: string; fields: Record<string, string> } {
  const forms = [...hop.body.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)];
  for (const [, attrs = '', inner = ''] of forms) {
    const target = /action="([^"]*)"/.exec(attrs)?.[1];
    if (target === undefined || !action.test(decode(target))) continue;
    const fields: Record<string, string> = {};
    for (const [, input = ''] of inner.matchAll(/<input\b([^>]*)>/g)) {
      const name = /name="([^"]*)"/.exec(input)?.[1];
      const value = /value="([^"]*)"/.exec(input)?.[1];
      if (name !== undefined && /type="hidden"/.test(input)) fields[decode(name)] = decode(value ?? '');
    }
    return { action: new URL(decode(target), hop.url).href, fields };
  }
  throw new Error(`no form with action ${String(action)} on ${hop.url}: ${hop.body.slice(0, 300)}`);
}

function decode(s: string): string {
  return s
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

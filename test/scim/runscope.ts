import { readFile } from 'node:fs/promises';
import vm from 'node:vm';

/**
 * A small runner for Okta's "Okta SCIM 2.0 SPEC Test" (a Runscope export, kept unchanged in
 * ../shared/corpus/okta-scim/). It performs each request step in order, checks every assertion
 * the way Runscope does, extracts variables and runs the post-response scripts. Pause steps are
 * skipped: they only wait between requests.
 */
interface Assertion {
  comparison: string;
  source: string;
  value: string | null;
  property?: string;
}
interface Step {
  step_type: string;
  note?: string;
  method?: string;
  url?: string;
  headers?: Record<string, string[]>;
  body?: string;
  assertions?: Assertion[];
  variables?: Array<{ source: string; name: string; property: string }>;
  scripts?: string[];
}

export interface StepResult {
  note: string;
  request: string;
  status: number;
  failures: string[];
}

export const SUITE_URL = new URL(
  '../../../shared/corpus/okta-scim/okta-scim-spec-test.json',
  import.meta.url,
);

/** The suite's Initial Script, re-implemented: it sets the random test variables. */
export function initialVariables(random: () => number = Math.random): Record<string, string> {
  const pick = (chars: string) => chars.charAt(Math.floor(random() * chars.length));
  let lastname = pick('ABCDEFGHIJKLMNOPQRSTUVWXYZ');
  for (let i = 0; i < 8; i++) lastname += pick('abcdefghijklmnopqrstuvwxyz');
  for (let j = 0; j < 3; j++) lastname += pick('0123456789');
  let firstname = 'Runscope';
  for (let j = 0; j < 3; j++) firstname += pick('0123456789');
  const email = `${firstname}${lastname}@atko.com`;
  return {
    randomGivenName: firstname,
    randomFamilyName: lastname,
    randomEmail: email,
    randomUsername: email,
    InvalidUserEmail: 'abcdefgh@atko.com',
    UserIdThatDoesNotExist: '010101001010101011001010101011',
    randomUsernameCaps: email.toUpperCase(),
  };
}

export async function runSuite(opts: {
  baseUrl: string;
  auth: string;
  vars?: Record<string, string>;
}): Promise<StepResult[]> {
  const suite = JSON.parse(await readFile(SUITE_URL, 'utf8')) as { steps: Step[] };
  const vars: Record<string, string> = {
    SCIMBaseURL: opts.baseUrl,
    auth: opts.auth,
    ...(opts.vars ?? initialVariables()),
  };
  const fill = (s: string) => s.replace(/\{\{(\w+)\}\}/g, (_, k: string) => vars[k] ?? `{{${k}}}`);
  const results: StepResult[] = [];

  for (const step of suite.steps) {
    if (step.step_type !== 'request') continue;
    const url = fill(step.url!);
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(step.headers ?? {})) headers[k] = fill(v[0] ?? '');
    const started = performance.now();
    const res = await fetch(encodeURI(url), {
      method: step.method!,
      headers,
      ...(step.body && { body: fill(step.body) }),
    });
    const text = await res.text();
    const ms = performance.now() - started;
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    const failures: string[] = [];
    for (const a of step.assertions ?? []) {
      const why = check(a, { status: res.status, json, ms }, fill);
      if (why) failures.push(why);
    }
    for (const v of step.variables ?? []) vars[v.name] = String(at(json, v.property) ?? '');
    for (const script of step.scripts ?? []) {
      if (!script.trim()) continue;
      try {
        runScript(script, text);
      } catch (err) {
        failures.push(`script: ${(err as Error).message}`);
      }
    }
    results.push({ note: step.note ?? '', request: `${step.method} ${url}`, status: res.status, failures });
  }
  return results;
}

function check(
  a: Assertion,
  r: { status: number; json: unknown; ms: number },
  fill: (s: string) => string,
): string | undefined {
  const expected = a.value === null ? null : fill(a.value);
  const actual =
    a.source === 'response_status'
      ? r.status
      : a.source === 'response_time'
        ? r.ms
        : at(r.json, a.property ?? '');
  const label = `${a.source}${a.property ? ` ${a.property}` : ''} ${a.comparison} ${expected ?? ''}`.trim();
  const ok = (() => {
    switch (a.comparison) {
      case 'equal_number':
        return Number(actual) === Number(expected);
      case 'equal':
        return String(actual) === expected;
      case 'not_empty':
        return (
          actual !== undefined &&
          actual !== null &&
          actual !== '' &&
          !(Array.isArray(actual) && actual.length === 0)
        );
      case 'has_value':
        return Array.isArray(actual) && actual.includes(expected);
      case 'contains':
        return Array.isArray(actual)
          ? actual.includes(expected)
          : typeof actual === 'string' && actual.includes(expected ?? '');
      case 'is_a_number':
        return typeof actual === 'number';
      case 'is_less_than':
        return Number(actual) < Number(expected);
      default:
        throw new Error(`the runner does not know the "${a.comparison}" comparison`);
    }
  })();
  return ok ? undefined : `${label} (got ${JSON.stringify(actual)})`;
}

/** `Resources[0].name.familyName`-style paths; an empty path is the whole body. */
function at(json: unknown, path: string): unknown {
  if (path === '') return json;
  let cur: unknown = json;
  for (const part of path.split('.')) {
    const m = /^([^[\]]*)((?:\[\d+\])*)$/.exec(part);
    if (!m) return undefined;
    if (m[1]) cur = (cur as Record<string, unknown> | undefined)?.[m[1]];
    for (const idx of m[2]!.match(/\d+/g) ?? []) cur = (cur as unknown[] | undefined)?.[Number(idx)];
  }
  return cur;
}

function runScript(script: string, body: string): void {
  const assert = Object.assign(
    (cond: unknown, msg?: string) => {
      if (!cond) throw new Error(msg ?? 'assertion failed');
    },
    {
      ok: (cond: unknown, msg?: string) => {
        if (!cond) throw new Error(msg ?? 'assertion failed');
      },
    },
  );
  vm.runInNewContext(script, { response: { body }, assert, log: () => undefined }, { timeout: 1000 });
}

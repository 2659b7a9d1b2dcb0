import type { AppEnv } from './app-env.js';

export const BASE = '/connector/v1';

export type Who = 'admin' | 'viewer';

/** Request headers carrying a seeded account's credential in one of the accepted forms. */
export function authHeaders(
  env: AppEnv,
  who: Who,
  form: 'bearer' | 'basic' | 'bare' | 'zsessionid' = 'bearer',
): Record<string, string> {
  const c = env.sandbox.credentials[who];
  switch (form) {
    case 'bearer':
      return { authorization: `Bearer ${c.apiKey}` };
    case 'bare':
      return { authorization: c.apiKey };
    case 'zsessionid':
      return { zsessionid: c.apiKey };
    case 'basic':
      return { authorization: `Basic ${Buffer.from(`${c.username}:${c.password}`).toString('base64')}` };
  }
}

/** Fresh state per test: sandbox data, and the read-ahead blocks that were read from it. */
export function resetAll(env: AppEnv): void {
  env.sandbox.reset();
  env.sandbox.setFaults({});
  env.userWindows.clear();
}

/** No stack frames, file paths or module names in a body a client sees. */
export const LEAKS = /node_modules|\.ts:\d|\bat [\w.<>]+ \(|\/work\/|file:\/\//;

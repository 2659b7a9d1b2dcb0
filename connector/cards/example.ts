import type { HttpMethod } from '../endpoints.js';
import type { Card } from './card.js';

export interface ExampleRequest {
  readonly method: HttpMethod;
  /** Relative to the connector base, query included; `$NAME` where a variable goes. */
  readonly url: string;
  readonly body?: Readonly<Record<string, unknown>>;
}

/** The request a card sends in its example: what the guide's curl shows and the card test runs. */
export function exampleRequest(card: Card): ExampleRequest {
  const method = card.example.method ?? (card.method.includes('/') ? 'GET' : (card.method as HttpMethod));
  const path = (card.example.relativeUrl ?? card.relativeUrl).replace(
    /\{(\w+)\}/g,
    (_m, name: string) => card.example.path?.[name] ?? `{${name}}`,
  );
  const query = new URLSearchParams(card.example.query ?? {}).toString();
  const body = card.fixedBody ?? card.example.body;
  return { method, url: query ? `${path}?${query}` : path, ...(body && { body }) };
}

/** Replaces `$NAME` with the value kept from an earlier card. */
export function substitute(text: string, vars: Readonly<Record<string, string>>): string {
  return text.replace(/\$([A-Z_]+)/g, (m, name: string) => vars[name] ?? m);
}

/** `groups.0.id` of a JSON answer. */
export function pick(json: unknown, path: string): string | undefined {
  let v: unknown = json;
  for (const key of path.split('.'))
    v = v && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined;
  return typeof v === 'string' ? v : undefined;
}

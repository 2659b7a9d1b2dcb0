import express, { type RequestHandler } from 'express';
import { ApiError } from '../../errors.js';

/** Our bodies are flat objects; anything nested deeper than this is not a mistake we need to read. */
const MAX_DEPTH = 8;
const RESERVED_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** JSON bodies up to 100 kB, then the depth and reserved-key guard. */
export function jsonBody(): RequestHandler[] {
  return [express.json({ limit: '100kb', type: ['application/json', 'application/*+json'] }), guardJson()];
}

function guardJson(): RequestHandler {
  return function guardJsonBody(req, _res, next) {
    const problem = unsafeJson(req.body);
    next(problem ? new ApiError(400, 'UNSAFE_JSON', problem) : undefined);
  };
}

/**
 * JSON.parse already makes `__proto__` an own key rather than a prototype, but objects built from
 * it later (spreads, merges) might not, so reserved keys are refused outright. Iterative, and
 * stops at the depth limit, so a hostile body cannot exhaust the stack.
 */
export function unsafeJson(body: unknown): string | undefined {
  const stack: Array<{ value: unknown; depth: number }> = [{ value: body, depth: 0 }];
  while (stack.length > 0) {
    const { value, depth } = stack.pop()!;
    if (value === null || typeof value !== 'object') continue;
    if (depth >= MAX_DEPTH)
      return `The JSON body nests deeper than ${MAX_DEPTH} levels. Send a flat JSON object.`;
    for (const key of Object.keys(value)) {
      if (RESERVED_KEYS.has(key)) return `The JSON body uses the reserved key "${key}". Remove it.`;
      stack.push({ value: (value as Record<string, unknown>)[key], depth: depth + 1 });
    }
  }
  return undefined;
}

/** Request bodies here are small, flat objects; anything nested deeper is not a mistake worth reading. */
const MAX_DEPTH = 8;
const RESERVED_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Why a parsed JSON body is unsafe to handle, or undefined. JSON.parse already makes `__proto__`
 * an own key rather than a prototype, but objects built from it later (spreads, merges, SCIM
 * PATCH) might not, so reserved keys are refused outright. Iterative, and stops at the depth
 * limit, so a hostile body cannot exhaust the stack. Shared by the connector and SCIM routers.
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

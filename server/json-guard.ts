/**
 * JSON.parse reviver for request bodies: a `__proto__` key is refused outright, so no body can
 * reach code that copies keys with Object.assign/spread into an object's prototype. Throwing here
 * makes the body parser answer 400 (malformed body) before any handler runs.
 */
export function rejectPrototypeKeys(key: string, value: unknown): unknown {
  if (key === '__proto__') throw new SyntaxError('"__proto__" is not allowed as a JSON key');
  return value;
}

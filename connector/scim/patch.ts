import { z } from 'zod';
import { badRequest } from './errors.js';
import { URN } from './schemas.js';

/**
 * Applies a SCIM PatchOp (RFC 7644 §3.5.2) to a resource held as plain JSON. Supports the forms
 * Okta sends: `replace` with no path and a value object (`{"active": false}`), simple and dotted
 * paths (`active`, `name.givenName`), extension paths (`urn:…:enterprise:2.0:User:department`)
 * and value-filtered paths (`emails[type eq "work"].value`, `members[value eq "123"]`).
 */
export const PatchRequest = z.object({
  schemas: z.array(z.string()).refine((s) => s.includes(URN.patch), `schemas must include ${URN.patch}`),
  Operations: z
    .array(
      z
        .object({
          op: z
            .string()
            .transform((o) => o.toLowerCase())
            .pipe(z.enum(['add', 'replace', 'remove'])),
          path: z.string().max(500).optional(),
          value: z.unknown().optional(),
        })
        // RFC 7644 §3.5.2.1/.3: add and replace carry a value.
        .refine((o) => o.op === 'remove' || o.value !== undefined, {
          message: 'add and replace operations need a value',
        }),
    )
    .min(1)
    .max(1000),
});
export type PatchOperation = z.infer<typeof PatchRequest>['Operations'][number];

type Json = Record<string, unknown>;

interface Path {
  container?: string; // extension URN
  attr: string;
  filter?: { attr: string; value: unknown };
  sub?: string;
}

const EXTENSIONS = [URN.enterprise, URN.rally];

export function parsePath(raw: string): Path {
  let rest = raw.trim();
  let container: string | undefined;
  const lower = rest.toLowerCase();
  for (const urn of [...EXTENSIONS, URN.user, URN.group]) {
    if (lower.startsWith(`${urn.toLowerCase()}:`)) {
      container = EXTENSIONS.includes(urn as (typeof EXTENSIONS)[number]) ? urn : undefined;
      rest = rest.slice(urn.length + 1);
      break;
    }
  }
  const m =
    /^([A-Za-z][\w$-]*)(?:\[\s*([A-Za-z][\w$-]*)\s+eq\s+("(?:[^"\\]|\\.)*"|true|false|-?\d+)\s*\])?(?:\.([A-Za-z][\w$-]*))?$/i.exec(
      rest,
    );
  if (!m) throw badRequest('invalidPath', `The path "${raw}" is not supported.`);
  const [, attr, fAttr, fValue, sub] = m;
  return {
    ...(container && { container }),
    attr: attr!,
    ...(fAttr && { filter: { attr: fAttr, value: JSON.parse(fValue!) as unknown } }),
    ...(sub && { sub }),
  };
}

/** Returns a patched deep copy; the input is left untouched. */
export function applyPatch(resource: Json, ops: readonly PatchOperation[]): Json {
  const doc = structuredClone(resource);
  for (const op of ops) {
    if (op.path === undefined || op.path === '') applyWithoutPath(doc, op);
    else applyAtPath(doc, parsePath(op.path), op);
  }
  return doc;
}

function applyWithoutPath(doc: Json, op: PatchOperation): void {
  if (op.op === 'remove') throw badRequest('noTarget', 'A remove operation needs a path.');
  if (!isObject(op.value))
    throw badRequest('invalidValue', `A ${op.op} without a path needs an object value.`);
  for (const [key, value] of Object.entries(op.value)) {
    if (key === 'schemas') continue;
    const ext = EXTENSIONS.find((u) => u.toLowerCase() === key.toLowerCase());
    if (ext && isObject(value)) {
      for (const [k, v] of Object.entries(value)) setAttr(holder(doc, ext), k, v, op.op);
    } else {
      applyAtPath(doc, parsePath(key), { op: op.op, value });
    }
  }
}

function applyAtPath(doc: Json, path: Path, op: PatchOperation): void {
  const target = path.container ? holder(doc, path.container) : doc;
  if (path.filter) return applyFiltered(target, path, op);
  if (path.sub) {
    const parent = getAttr(target, path.attr);
    const obj = isObject(parent) ? parent : {};
    if (op.op === 'remove') removeAttr(obj, path.sub);
    else setAttr(obj, path.sub, op.value, op.op);
    setAttr(target, path.attr, obj, 'replace');
    return;
  }
  if (op.op === 'remove') return void removeAttr(target, path.attr);
  setAttr(target, path.attr, op.value, op.op);
}

function applyFiltered(target: Json, path: Path, op: PatchOperation): void {
  const list = getAttr(target, path.attr);
  const items: Json[] = Array.isArray(list) ? list.filter(isObject) : [];
  const f = path.filter!;
  const matches = (item: Json) => {
    const v = getAttr(item, f.attr);
    return typeof v === 'string' && typeof f.value === 'string'
      ? v.toLowerCase() === f.value.toLowerCase()
      : v === f.value;
  };
  if (op.op === 'remove') {
    const kept = path.sub
      ? items.map((i) => (matches(i) ? withoutKey(i, path.sub!) : i))
      : items.filter((i) => !matches(i));
    setAttr(target, path.attr, kept, 'replace');
    return;
  }
  let hit = items.filter(matches);
  if (hit.length === 0) {
    const fresh: Json = { [f.attr]: f.value };
    items.push(fresh);
    hit = [fresh];
  }
  for (const item of hit) {
    if (path.sub) setAttr(item, path.sub, op.value, 'replace');
    else if (isObject(op.value)) Object.assign(item, op.value);
  }
  setAttr(target, path.attr, items, 'replace');
}

/** `add` to a multi-valued attribute appends; everything else sets (merging complex objects on add). */
function setAttr(obj: Json, name: string, value: unknown, op: string): void {
  const key = keyOf(obj, name) ?? name;
  const current = obj[key];
  if (op === 'add' && Array.isArray(current)) {
    const added = Array.isArray(value) ? value : [value];
    // RFC 7643 §2.4: at most one primary; a newly added primary value takes over.
    const newPrimary = added.some((v) => isObject(v) && v.primary === true);
    const kept = newPrimary ? current.map((v) => (isObject(v) ? { ...v, primary: false } : v)) : current;
    obj[key] = [...kept, ...added];
  } else if (isObject(current) && isObject(value)) {
    obj[key] = { ...current, ...value };
  } else {
    obj[key] = value;
  }
}

function getAttr(obj: Json, name: string): unknown {
  const key = keyOf(obj, name);
  return key === undefined ? undefined : obj[key];
}

function removeAttr(obj: Json, name: string): void {
  const key = keyOf(obj, name);
  // eslint-disable-next-line @typescript-eslint/no-dynamic-delete -- the key is an existing own attribute name
  if (key !== undefined) delete obj[key];
}

function withoutKey(obj: Json, name: string): Json {
  const copy = { ...obj };
  removeAttr(copy, name);
  return copy;
}

function holder(doc: Json, urn: string): Json {
  const existing = getAttr(doc, urn);
  if (isObject(existing)) return existing;
  const fresh: Json = {};
  doc[urn] = fresh;
  return fresh;
}

// SCIM attribute names are case-insensitive (RFC 7643 §2.1).
function keyOf(obj: Json, name: string): string | undefined {
  const lower = name.toLowerCase();
  return Object.keys(obj).find((k) => k.toLowerCase() === lower);
}

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

import type { Scalar } from '../models/field.js';
import type { TypeModel } from '../models/model.js';
import type { Models } from '../models/registry.js';
import { MESSAGES } from '../http/messages.js';
import { WsapiError } from '../http/wsapi-error.js';
import { parseRef } from '../refs.js';
import { allowedValues } from '../store/allowed-values.js';
import type { Store } from '../store/store.js';
import type { Meta } from '../types/records.js';

export type WriteValue = Scalar | Meta;

export interface Changes {
  /** Canonical attribute name → converted value (references resolved to records). */
  readonly values: Map<string, WriteValue>;
  readonly warnings: string[];
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function isEmail(value: unknown): boolean {
  return typeof value === 'string' && EMAIL.test(value);
}

function convert(store: Store, models: Models, model: TypeModel, name: string, raw: unknown): WriteValue {
  const field = model.fieldIndex.get(name.toLowerCase())!;
  const fail = () => new WsapiError([MESSAGES.cannotConvert(model.name, field.name, raw)]);
  if (raw === null && field.required) throw new WsapiError([MESSAGES.required(model.name, field.name)]);
  if (field.kind === 'ref') {
    if (raw === null) return null;
    const ref = parseRef(raw);
    const target = models.byName(field.target);
    const record = ref && ref.type === target.path ? target.find(store, ref.id) : undefined;
    if (!record) throw new WsapiError([MESSAGES.badReference(model.name, field.name, raw)]);
    return record;
  }
  if (field.kind === 'boolean') {
    if (typeof raw === 'boolean') return raw;
    if (typeof raw === 'string' && /^(true|false)$/i.test(raw)) return raw.toLowerCase() === 'true';
    throw fail();
  }
  if (field.kind === 'number') {
    const value = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
    if (typeof value === 'number' && Number.isFinite(value)) return value;
    throw fail();
  }
  if (field.kind === 'date') {
    const value = raw === null ? null : typeof raw === 'string' ? Date.parse(raw) : NaN;
    if (value === null || !Number.isNaN(value)) return value;
    throw fail();
  }
  if (raw !== null && typeof raw !== 'string' && typeof raw !== 'number' && typeof raw !== 'boolean')
    throw fail();
  const text = raw === null ? null : String(raw);
  if (!field.constrained) return text;
  const allowed = allowedValues(store, model.name, field.name);
  const value = text === null || text === '' ? (allowed.includes('None') ? 'None' : null) : text;
  if (value === null || !allowed.includes(value)) {
    throw new WsapiError([MESSAGES.notAllowedValue(model.name, field.name, text ?? '')]);
  }
  return value;
}

/**
 * Converts a write body's attributes. Keys starting with `_` (metadata echoed back by toolkits) are
 * skipped; unknown, read-only and collection attributes are ignored with Rally's warning.
 */
export function coerce(
  store: Store,
  models: Models,
  model: TypeModel,
  input: Record<string, unknown>,
): Changes {
  const changes: Changes = { values: new Map(), warnings: [] };
  for (const [name, raw] of Object.entries(input)) {
    if (name.startsWith('_')) continue;
    const field = model.fieldIndex.get(name.toLowerCase());
    if (!field || field.readOnly || field.kind === 'collection') {
      changes.warnings.push(MESSAGES.ignoredElement(model.name, name));
      continue;
    }
    changes.values.set(field.name, convert(store, models, model, name, raw));
  }
  return changes;
}

/** Reads the single `{"<Type>": {...}}` member of a write body; the type key is case-insensitive. */
export function unwrapBody(body: unknown, type: string): Record<string, unknown> {
  if (typeof body === 'object' && body !== null && !Array.isArray(body)) {
    const entries = Object.entries(body);
    const [key, value] = entries[0] ?? [];
    if (entries.length === 1 && key?.toLowerCase() === type.toLowerCase()) {
      if (typeof value === 'object' && value !== null && !Array.isArray(value))
        return value as Record<string, unknown>;
    }
  }
  throw new WsapiError([MESSAGES.bodyShape(type)]);
}

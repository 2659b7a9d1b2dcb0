import type { Scalar } from '../models/field.js';
import type { TypeModel } from '../models/model.js';
import type { Models } from '../models/registry.js';
import { parseRef } from '../refs.js';
import type { Store } from '../store/store.js';
import type { Meta } from '../types/records.js';
import type { CompareOperator, Literal, QueryNode } from './parse.js';
import { type ResolvedPath, resolvePath } from './resolve-path.js';
import { QuerySyntaxError } from './tokenize.js';

export type Predicate = (record: Meta, store: Store) => boolean;

const ORDERING = new Set<CompareOperator>(['<', '<=', '>', '>=']);

function isNull(literal: Literal): boolean {
  return !literal.quoted && literal.text.toLowerCase() === 'null';
}

function ordered(op: CompareOperator, diff: number): boolean {
  if (op === '<') return diff < 0;
  if (op === '<=') return diff <= 0;
  if (op === '>') return diff > 0;
  return diff >= 0;
}

function unsupported(op: CompareOperator, path: ResolvedPath): QuerySyntaxError {
  return new QuerySyntaxError(`Operator "${op}" is not supported for attribute "${path.field.name}"`);
}

/** `= null` matches a missing value or an empty string (Rally stores empty text as null). */
function compileNull(op: CompareOperator, path: ResolvedPath): Predicate {
  if (op !== '=' && op !== '!=') throw unsupported(op, path);
  const want = op === '=';
  return (r, s) => {
    const value = path.get(r, s);
    return (value === null || value === undefined || value === '') === want;
  };
}

function compileText(op: CompareOperator, text: string, path: ResolvedPath): Predicate {
  const lower = text.toLowerCase();
  const get = (r: Meta, s: Store) => path.get(r, s) as string | null | undefined;
  switch (op) {
    case '=':
    case '!=': {
      const want = op === '=';
      if (path.field.caseInsensitive) return (r, s) => (get(r, s)?.toLowerCase() === lower) === want;
      return (r, s) => (get(r, s) === text) === want;
    }
    case 'contains':
      return (r, s) => get(r, s)?.toLowerCase().includes(lower) ?? false;
    case '!contains':
      return (r, s) => !(get(r, s)?.toLowerCase().includes(lower) ?? false);
    default:
      return (r, s) => {
        const value = get(r, s)?.toLowerCase();
        if (value === undefined) return false;
        return ordered(op, value < lower ? -1 : value > lower ? 1 : 0);
      };
  }
}

function compileNumeric(op: CompareOperator, wanted: number, path: ResolvedPath): Predicate {
  if (op === 'contains' || op === '!contains') throw unsupported(op, path);
  const get = (r: Meta, s: Store) => path.get(r, s) as number | null | undefined;
  // One closure per operator: a range query tests every object of a type.
  switch (op) {
    case '=':
      return (r, s) => get(r, s) === wanted;
    case '!=':
      return (r, s) => get(r, s) !== wanted;
    case '<':
      return (r, s) => (get(r, s) ?? NaN) < wanted;
    case '<=':
      return (r, s) => (get(r, s) ?? NaN) <= wanted;
    case '>':
      return (r, s) => (get(r, s) ?? NaN) > wanted;
    default:
      return (r, s) => (get(r, s) ?? NaN) >= wanted;
  }
}

function compileValue(models: Models, op: CompareOperator, literal: Literal, path: ResolvedPath): Predicate {
  const { field } = path;
  const invalid = () => new QuerySyntaxError(`Invalid value "${literal.text}" for attribute "${field.name}"`);
  if (field.kind === 'string') return compileText(op, literal.text, path);
  if (field.kind === 'number') {
    const value = Number(literal.text);
    if (literal.text.trim() === '' || !Number.isFinite(value)) throw invalid();
    return compileNumeric(op, value, path);
  }
  if (field.kind === 'date') {
    const value = Date.parse(literal.text);
    if (Number.isNaN(value)) throw invalid();
    return compileNumeric(op, value, path);
  }
  if (op !== '=' && op !== '!=') throw unsupported(op, path);
  const want = op === '=';
  if (field.kind === 'boolean') {
    const text = literal.text.toLowerCase();
    if (text !== 'true' && text !== 'false') throw invalid();
    const value: Scalar = text === 'true';
    return (r, s) => (path.get(r, s) === value) === want;
  }
  if (field.kind !== 'ref') throw invalid();
  const ref = parseRef(literal.text);
  const target = models.byName(field.target);
  if (!ref || ref.type !== target.path) throw invalid();
  return (r, s) => {
    const value = path.get(r, s) as Meta | undefined;
    return (value !== undefined && target.idOf(value) === ref.id) === want;
  };
}

/** Turns a parsed query into a predicate, type-checking every attribute and value against the model. */
export function compileQuery(models: Models, model: TypeModel, node: QueryNode): Predicate {
  if (node.kind === 'logical') {
    const left = compileQuery(models, model, node.left);
    const right = compileQuery(models, model, node.right);
    return node.op === 'AND' ? (r, s) => left(r, s) && right(r, s) : (r, s) => left(r, s) || right(r, s);
  }
  const path = resolvePath(models, model, node.path);
  if (isNull(node.value)) return compileNull(node.op, path);
  if (ORDERING.has(node.op) && (path.field.kind === 'boolean' || path.field.kind === 'ref')) {
    throw unsupported(node.op, path);
  }
  return compileValue(models, node.op, node.value, path);
}

import type { FieldSpec, RefField, Scalar } from '../models/field.js';
import type { TypeModel } from '../models/model.js';
import type { Models } from '../models/registry.js';
import type { Store } from '../store/store.js';
import type { Meta } from '../types/records.js';
import { QuerySyntaxError } from './tokenize.js';

export interface ResolvedPath {
  /** The last attribute of the path (never a collection). */
  readonly field: Exclude<FieldSpec<Meta>, { kind: 'collection' }>;
  /** The type that owns `field`. */
  readonly owner: TypeModel;
  get(record: Meta, store: Store): Scalar | Meta | undefined;
}

/** Resolves `User.UserName` or `Project.Workspace.ObjectID`, each hop through an object reference. */
export function resolvePath(models: Models, model: TypeModel, path: readonly string[]): ResolvedPath {
  const hops: RefField<Meta>[] = [];
  let owner = model;
  for (const [index, name] of path.entries()) {
    const field = owner.fieldIndex.get(name.toLowerCase());
    if (!field) throw new QuerySyntaxError(`Could not find attribute "${name}" on type ${owner.name}`);
    if (field.kind === 'collection') {
      throw new QuerySyntaxError(`Attribute "${field.name}" on type ${owner.name} is a collection`);
    }
    if (index === path.length - 1) {
      return { field, owner, get: reader(hops, field) };
    }
    if (field.kind !== 'ref') {
      throw new QuerySyntaxError(
        `Attribute "${field.name}" on type ${owner.name} is not an object reference`,
      );
    }
    hops.push(field);
    owner = models.byName(field.target);
  }
  throw new QuerySyntaxError('Empty attribute path');
}

type Reader = ResolvedPath['get'];

/** Queries scan whole types; the common paths (none or one hop, `User.ObjectID`) read without a loop. */
function reader(hops: readonly RefField<Meta>[], field: ResolvedPath['field']): Reader {
  const [first] = hops;
  if (!first) return (record, store) => field.get(record, store);
  if (hops.length === 1) {
    return (record, store) => {
      const target = first.get(record, store);
      return target ? field.get(target, store) : undefined;
    };
  }
  return (record, store) => {
    let current: Meta | undefined = record;
    for (const hop of hops) {
      current = hop.get(current, store);
      if (!current) return undefined;
    }
    return field.get(current, store);
  };
}

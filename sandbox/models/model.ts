import { uuidFor } from '../ids.js';
import type { Store } from '../store/store.js';
import type { Meta, TypeName } from '../types/records.js';
import { type FieldSpec, scalarField } from './field.js';

/** One WSAPI type: its attributes drive serialisation, queries, writes and TypeDefinitions alike. */
export interface TypeModel<R extends Meta = Meta> {
  readonly name: TypeName;
  /** Lower-case path segment used in `_ref` (reference: `_ref` has a lower-case type). */
  readonly path: string;
  readonly fields: readonly FieldSpec<R>[];
  /** By lower-cased name: attribute names are case-insensitive in query, fetch and order. */
  readonly fieldIndex: ReadonlyMap<string, FieldSpec<R>>;
  idOf(record: R): string;
  nameOf(record: R, store: Store): string | null;
  all(store: Store): readonly R[];
  find(store: Store, id: string): R | undefined;
  /** For abstract collections (UserPermission): the concrete model that serialises an item. */
  concrete?(record: R): TypeModel<R>;
  /** Attributes answered even without `fetch` (AllowedAttributeValue.StringValue). */
  readonly alwaysFetched?: ReadonlySet<string>;
}

export interface ModelDefinition<R extends Meta> {
  name: TypeName;
  /** Permissions have string ids and no numeric ObjectID (reference: Permission objects). */
  numericId?: boolean;
  idOf?(record: R): string;
  nameOf(record: R, store: Store): string | null;
  all(store: Store): readonly R[];
  find(store: Store, id: string): R | undefined;
  fields: readonly FieldSpec<R>[];
  concrete?(record: R): TypeModel<R>;
  alwaysFetched?: readonly string[];
}

const objectId = scalarField<Meta>('ObjectID', 'number', (r) => r.oid, {
  readOnly: true,
  displayName: 'Object ID',
});
const objectUuid = scalarField<Meta>('ObjectUUID', 'string', (r, s) => uuidFor(s.salt, r.oid), {
  readOnly: true,
  displayName: 'Object UUID',
});
const creationDate = scalarField<Meta>('CreationDate', 'date', (r) => r.created, { readOnly: true });

export function defineModel<R extends Meta>(definition: ModelDefinition<R>): TypeModel<R> {
  const common: FieldSpec<R>[] =
    definition.numericId === false ? [creationDate, objectUuid] : [creationDate, objectId, objectUuid];
  const fields = [...common, ...definition.fields];
  const model: TypeModel<R> = {
    name: definition.name,
    path: definition.name.toLowerCase(),
    fields,
    fieldIndex: new Map(fields.map((f) => [f.name.toLowerCase(), f])),
    idOf: definition.idOf ?? ((record) => String(record.oid)),
    nameOf: definition.nameOf,
    all: definition.all,
    find: definition.find,
  };
  if (definition.concrete) model.concrete = definition.concrete;
  return definition.alwaysFetched ? { ...model, alwaysFetched: new Set(definition.alwaysFetched) } : model;
}

/** Looks a numeric id up in a map keyed by ObjectID. */
export function byOid<R>(map: ReadonlyMap<number, R>, id: string): R | undefined {
  return /^\d+$/.test(id) ? map.get(Number(id)) : undefined;
}

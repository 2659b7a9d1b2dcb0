import type { Store } from '../store/store.js';
import type { Meta, TypeName } from '../types/records.js';

export type ScalarKind = 'string' | 'boolean' | 'number' | 'date';
export type Scalar = string | number | boolean | null;

export interface FieldTraits {
  readonly name: string;
  /** AttributeDefinition.Name (display name). */
  readonly displayName: string;
  readonly readOnly: boolean;
  readonly required: boolean;
  /** Dropdown: writes must use one of the attribute's AllowedValues (KB 57584). */
  readonly constrained: boolean;
  /** `=`/`!=` ignore case (documented choice for UserName and EmailAddress). */
  readonly caseInsensitive: boolean;
}

export interface ScalarField<R> extends FieldTraits {
  readonly kind: ScalarKind;
  get(record: R, store: Store): Scalar;
}

export interface RefField<R> extends FieldTraits {
  readonly kind: 'ref';
  readonly target: TypeName;
  get(record: R, store: Store): Meta | undefined;
}

export interface CollectionField<R> extends FieldTraits {
  readonly kind: 'collection';
  readonly itemType: TypeName;
  items(record: R, store: Store): readonly Meta[];
}

export type FieldSpec<R> = ScalarField<R> | RefField<R> | CollectionField<R>;

export interface FieldOptions {
  readOnly?: boolean;
  required?: boolean;
  constrained?: boolean;
  caseInsensitive?: boolean;
  displayName?: string;
}

function traits(name: string, options: FieldOptions): FieldTraits {
  return {
    name,
    displayName: options.displayName ?? name.replace(/([a-z])([A-Z])/g, '$1 $2'),
    readOnly: options.readOnly ?? false,
    required: options.required ?? false,
    constrained: options.constrained ?? false,
    caseInsensitive: options.caseInsensitive ?? false,
  };
}

export function scalarField<R>(
  name: string,
  kind: ScalarKind,
  get: (record: R, store: Store) => Scalar,
  options: FieldOptions = {},
): ScalarField<R> {
  return { ...traits(name, options), kind, get };
}

export function refField<R>(
  name: string,
  target: TypeName,
  get: (record: R, store: Store) => Meta | undefined,
  options: FieldOptions = {},
): RefField<R> {
  return { ...traits(name, options), kind: 'ref', target, get };
}

/** Collections are read-only as attributes: they change through `/{oid}/{collection}/add|remove`. */
export function collectionField<R>(
  name: string,
  itemType: TypeName,
  items: (record: R, store: Store) => readonly Meta[],
): CollectionField<R> {
  return { ...traits(name, { readOnly: true }), kind: 'collection', itemType, items };
}

import type { FieldSpec } from '../models/field.js';
import type { Models } from '../models/registry.js';
import type { Store } from '../store/store.js';
import type { AttrDefRecord, Meta, TypeDefRecord } from '../types/records.js';
import { DROPDOWNS, OTHER_ALLOWED_VALUES } from './names.js';
import { SEED_EPOCH } from './org.js';

const ATTRIBUTE_TYPES: Record<FieldSpec<Meta>['kind'], string> = {
  string: 'STRING',
  boolean: 'BOOLEAN',
  number: 'INTEGER',
  date: 'DATE',
  ref: 'OBJECT',
  collection: 'COLLECTION',
};

function allowedValuesOf(type: string, field: string): readonly string[] {
  if (type === 'User' && field in DROPDOWNS) return DROPDOWNS[field as keyof typeof DROPDOWNS];
  return OTHER_ALLOWED_VALUES[`${type}.${field}`] ?? [];
}

/** TypeDefinitions and AttributeDefinitions generated from the models, so metadata never drifts. */
export function seedTypeDefinitions(store: Store, models: Models): void {
  for (const model of models.described) {
    const typeDef: TypeDefRecord = {
      oid: store.oids.next(),
      version: 0,
      created: SEED_EPOCH,
      ElementName: model.name,
      Name: model.name.replace(/([a-z])([A-Z])/g, '$1 $2'),
      TypePath: model.name,
      Creatable: ['User', 'WorkspacePermission', 'ProjectPermission'].includes(model.name),
      attributes: [],
    };
    store.typeDefs.set(typeDef.oid, typeDef);
    for (const field of model.fields) {
      const attr: AttrDefRecord = {
        oid: store.oids.next(),
        version: 0,
        created: SEED_EPOCH,
        typeDef: typeDef.oid,
        ElementName: field.name,
        Name: field.displayName,
        AttributeType: ATTRIBUTE_TYPES[field.kind],
        Constrained: field.constrained,
        ReadOnly: field.readOnly,
        Required: field.required,
        Custom: false,
        Hidden: false,
        allowed: [],
      };
      store.attrDefs.set(attr.oid, attr);
      typeDef.attributes.push(attr.oid);
      for (const value of field.constrained ? allowedValuesOf(model.name, field.name) : []) {
        const allowed = {
          oid: store.oids.next(),
          version: 0,
          created: SEED_EPOCH,
          attr: attr.oid,
          StringValue: value,
        };
        store.allowedValues.set(allowed.oid, allowed);
        attr.allowed.push(allowed.oid);
      }
    }
  }
}

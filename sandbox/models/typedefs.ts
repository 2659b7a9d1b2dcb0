import type { AllowedValueRecord, AttrDefRecord, TypeDefRecord } from '../types/records.js';
import { collectionField, refField, scalarField } from './field.js';
import { byOid, defineModel, type TypeModel } from './model.js';

/** Read-only metadata (KB 57584): TypeDefinition → Attributes → AllowedValues. */
export function createTypeDefinitionModel(): TypeModel<TypeDefRecord> {
  return defineModel<TypeDefRecord>({
    name: 'TypeDefinition',
    nameOf: (r) => r.Name,
    all: (s) => [...s.typeDefs.values()],
    find: (s, id) => byOid(s.typeDefs, id),
    fields: [
      collectionField<TypeDefRecord>('Attributes', 'AttributeDefinition', (r, s) =>
        r.attributes.flatMap((oid) => s.attrDefs.get(oid) ?? []),
      ),
      scalarField<TypeDefRecord>('Creatable', 'boolean', (r) => r.Creatable, { readOnly: true }),
      scalarField<TypeDefRecord>('DisplayName', 'string', (r) => r.Name, { readOnly: true }),
      scalarField<TypeDefRecord>('ElementName', 'string', (r) => r.ElementName, { readOnly: true }),
      scalarField<TypeDefRecord>('Name', 'string', (r) => r.Name, { readOnly: true }),
      scalarField<TypeDefRecord>('TypePath', 'string', (r) => r.TypePath, { readOnly: true }),
    ],
  });
}

const flag = (name: 'Constrained' | 'Custom' | 'Hidden' | 'ReadOnly' | 'Required') =>
  scalarField<AttrDefRecord>(name, 'boolean', (r) => r[name], { readOnly: true });

export function createAttributeDefinitionModel(): TypeModel<AttrDefRecord> {
  return defineModel<AttrDefRecord>({
    name: 'AttributeDefinition',
    nameOf: (r) => r.Name,
    all: (s) => [...s.attrDefs.values()],
    find: (s, id) => byOid(s.attrDefs, id),
    fields: [
      collectionField<AttrDefRecord>('AllowedValues', 'AllowedAttributeValue', (r, s) =>
        r.allowed.flatMap((oid) => s.allowedValues.get(oid) ?? []),
      ),
      scalarField<AttrDefRecord>('AttributeType', 'string', (r) => r.AttributeType, { readOnly: true }),
      flag('Constrained'),
      flag('Custom'),
      scalarField<AttrDefRecord>('ElementName', 'string', (r) => r.ElementName, { readOnly: true }),
      flag('Hidden'),
      scalarField<AttrDefRecord>('Name', 'string', (r) => r.Name, { readOnly: true }),
      flag('ReadOnly'),
      flag('Required'),
      refField<AttrDefRecord>('TypeDefinition', 'TypeDefinition', (r, s) => s.typeDefs.get(r.typeDef), {
        readOnly: true,
      }),
    ],
  });
}

export function createAllowedValueModel(): TypeModel<AllowedValueRecord> {
  return defineModel<AllowedValueRecord>({
    name: 'AllowedAttributeValue',
    nameOf: (r) => r.StringValue,
    alwaysFetched: ['StringValue'],
    all: (s) => [...s.allowedValues.values()],
    find: (s, id) => byOid(s.allowedValues, id),
    fields: [
      refField<AllowedValueRecord>(
        'AttributeDefinition',
        'AttributeDefinition',
        (r, s) => s.attrDefs.get(r.attr),
        {
          readOnly: true,
        },
      ),
      scalarField<AllowedValueRecord>('StringValue', 'string', (r) => r.StringValue, { readOnly: true }),
    ],
  });
}

import { refPath, type Caller } from './caller.js';
import { queryPage } from './envelope.js';
import { RallyError } from './errors.js';
import { where } from './escape-query.js';
import type { RallyAttribute } from './types.js';

interface RawAttribute {
  ElementName?: string;
  Name?: string;
  AttributeType?: string;
  Constrained?: boolean;
  ReadOnly?: boolean;
  Required?: boolean;
  AllowedValues?: { _ref?: string; Count?: number } | null;
}

/**
 * The User type definition with the subscription's allowed values for its dropdown fields
 * (KB 57584: typedefinition → Attributes → attributedefinition/{oid}/AllowedValues).
 */
export async function userAttributes(call: Caller): Promise<RallyAttribute[]> {
  const defs = queryPage<{ Attributes?: { _ref?: string } }>(
    await call.get('/typedefinition', {
      query: where('ElementName', '=', 'User'),
      fetch: 'ObjectID,ElementName,Attributes',
    }),
  );
  const attributesRef = defs.results[0]?.Attributes?._ref;
  if (!attributesRef) throw new RallyError('RALLY_BAD_RESPONSE', 'Rally has no type definition for User.');
  const attrs = queryPage<RawAttribute>(
    await call.get(refPath(attributesRef), {
      fetch: 'ElementName,Name,AttributeType,Constrained,ReadOnly,Required,AllowedValues',
      pagesize: 2000,
    }),
  );
  return Promise.all(
    attrs.results
      .filter((a): a is RawAttribute & { ElementName: string } => typeof a.ElementName === 'string')
      .map(async (a) => {
        const attribute: RallyAttribute = {
          elementName: a.ElementName,
          name: a.Name ?? a.ElementName,
          type: a.AttributeType ?? 'STRING',
          constrained: a.Constrained === true,
          readOnly: a.ReadOnly === true,
          required: a.Required === true,
        };
        const ref = a.AllowedValues?._ref;
        if (!attribute.constrained || !ref || a.AllowedValues?.Count === 0) return attribute;
        const values = queryPage<{ StringValue?: string }>(
          await call.get(refPath(ref), { fetch: 'StringValue', pagesize: 2000 }),
        );
        return {
          ...attribute,
          allowedValues: values.results
            .map((v) => v.StringValue)
            .filter((v): v is string => typeof v === 'string'),
        };
      }),
  );
}

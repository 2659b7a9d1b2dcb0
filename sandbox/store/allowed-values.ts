import type { Store } from './store.js';

/** The AllowedValues of a constrained attribute as seeded for this subscription (KB 57584). */
export function allowedValues(store: Store, type: string, attribute: string): readonly string[] {
  for (const typeDef of store.typeDefs.values()) {
    if (typeDef.ElementName !== type) continue;
    for (const oid of typeDef.attributes) {
      const attr = store.attrDefs.get(oid);
      if (attr?.ElementName === attribute)
        return attr.allowed.map((a) => store.allowedValues.get(a)!.StringValue);
    }
  }
  return [];
}

import { ConnectorError } from '../errors.js';
import { DROPDOWN_FIELDS, type DropdownField, type UserPatch } from '../mapping/user.js';
import type { RallyAttribute } from '../rally/index.js';

/** Rally's own "no value" entry of every dropdown; our API says null instead. */
const NONE = 'None';

/** The subscription's allowed values of each dropdown field, "None" left out. */
export function dropdownValues(attributes: readonly RallyAttribute[]): Map<DropdownField, readonly string[]> {
  const out = new Map<DropdownField, readonly string[]>();
  for (const [field, rallyName] of Object.entries(DROPDOWN_FIELDS) as Array<[DropdownField, string]>) {
    const attr = attributes.find((a) => a.elementName === rallyName);
    if (attr?.allowedValues)
      out.set(
        field,
        attr.allowedValues.filter((v) => v !== NONE),
      );
  }
  return out;
}

/**
 * Checks dropdown fields against the subscription's allowed values before Rally sees them, so an
 * admin learns which values exist instead of getting Rally's generic refusal. Matching ignores
 * case and returns Rally's spelling; "None" clears like null. Fields Rally has no list for pass.
 */
export function checkDropdowns<T extends UserPatch>(patch: T, attributes: readonly RallyAttribute[]): T {
  const allowed = dropdownValues(attributes);
  const problems: Array<{ field: string; problem: string; allowedValues: readonly string[] }> = [];
  const out: T = { ...patch };
  for (const field of Object.keys(DROPDOWN_FIELDS) as DropdownField[]) {
    const value = patch[field];
    const values = allowed.get(field);
    if (typeof value !== 'string' || value === '' || !values) continue;
    if (value.toLowerCase() === NONE.toLowerCase()) {
      out[field] = null;
      continue;
    }
    const match = values.find((v) => v.toLowerCase() === value.toLowerCase());
    if (match === undefined) {
      problems.push({
        field,
        problem: `"${value}" is not an allowed value; use one of: ${values.join(', ')} (or null to clear)`,
        allowedValues: values,
      });
    } else {
      out[field] = match;
    }
  }
  if (problems.length > 0) {
    throw new ConnectorError(
      'VALIDATION_FAILED',
      `Unknown Rally dropdown value. ${problems.map((p) => `${p.field}: ${p.problem}`).join('; ')}. The values are set per subscription in Rally; GET /schema/users lists them.`,
      { details: { fields: problems } },
    );
  }
  return out;
}

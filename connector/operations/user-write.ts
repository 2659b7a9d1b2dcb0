import { ConnectorError } from '../errors.js';
import {
  DROPDOWN_FIELDS,
  toRallyWrite,
  USERNAME_FORMAT,
  type DropdownField,
  type UserPatch,
} from '../mapping/user.js';
import { isRallyError, type RallyApi, type RallyAttribute, type RallyUserWrite } from '../rally/index.js';
import { checkDropdowns } from './dropdowns.js';

/** What create and update share: the username rule, dropdown values, and our names → Rally's. */
export async function prepareWrite(
  patch: UserPatch,
  attributes: () => Promise<readonly RallyAttribute[]>,
): Promise<RallyUserWrite> {
  if (patch.userName !== undefined && !USERNAME_FORMAT.safeParse(patch.userName).success) {
    throw new ConnectorError(
      'INVALID_USERNAME',
      `"${patch.userName}" is not in email format, and Rally requires usernames to be (they need not be real mailboxes). In Okta, check the Rally app's username mapping (e.g. map userName to the Okta login or email).`,
      {
        details: {
          fields: [{ field: 'userName', problem: 'must be in email format, e.g. jane.doe@example.com' }],
        },
      },
    );
  }
  return toRallyWrite(await checkDropdownsIfSet(patch, attributes));
}

/**
 * The dropdown check, reading the type definition only when the patch sets a dropdown value:
 * a deactivation costs Rally one request. Shared with SCIM.
 */
export async function checkDropdownsIfSet<T extends UserPatch>(
  patch: T,
  attributes: () => Promise<readonly RallyAttribute[]>,
): Promise<T> {
  const setsDropdown = Object.keys(DROPDOWN_FIELDS).some(
    (f) => typeof patch[f as DropdownField] === 'string',
  );
  return setsDropdown ? checkDropdowns(patch, await attributes()) : patch;
}

/** Rally says "conflicts with" when a UserName is taken; the flow wants the id to link to. */
export async function userExists(api: RallyApi, userName: string, cause: unknown): Promise<ConnectorError> {
  const existing = await api.findUserByUserName(userName).catch(() => undefined);
  const rallyMessages = isRallyError(cause) ? cause.rallyMessages : [];
  return new ConnectorError(
    'USER_EXISTS',
    existing
      ? `Rally already has a user with userName ${userName} (id ${existing.ObjectID}). Link to it (Get User / Update User with error.existingId) instead of creating it.`
      : `The userName ${userName} is taken in Rally, by a user this account cannot see (Rally usernames are unique across all subscriptions). Choose another username.`,
    {
      details: { userName, ...(existing && { existingId: String(existing.ObjectID) }), rallyMessages },
      ...(existing && { extra: { existingId: String(existing.ObjectID) } }),
      cause,
    },
  );
}

import { addGroupMember } from './add-group-member.js';
import { authping } from './authping.js';
import type { Card } from './card.js';
import { createUser } from './create-user.js';
import { customApiAction } from './custom-api-action.js';
import { deactivateUser } from './deactivate-user.js';
import { findUsers } from './find-users.js';
import { getUser } from './get-user.js';
import { listGroupMembers } from './list-group-members.js';
import { listEntitlements } from './list-entitlements.js';
import { listGroups } from './list-groups.js';
import { listUserSchema } from './list-user-schema.js';
import { reactivateUser } from './reactivate-user.js';
import { removeGroupMember } from './remove-group-member.js';
import { updateUser } from './update-user.js';

export type { Card, CardField, WorkflowsType } from './card.js';

/** The Workflows card catalogue, in the order the guide presents it. */
export const cards: readonly Card[] = [
  authping,
  createUser,
  updateUser,
  getUser,
  findUsers,
  deactivateUser,
  reactivateUser,
  listGroups,
  listGroupMembers,
  addGroupMember,
  removeGroupMember,
  listEntitlements,
  listUserSchema,
  customApiAction,
];

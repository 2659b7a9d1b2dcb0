import type { z } from 'zod';
import { ConnectorError, fromRallyFailure } from '../errors.js';
import {
  describeCredential,
  isRallyError,
  type RallyApi,
  type RallyCredential,
  type RallySubscription,
  type RallyUser,
} from '../rally/index.js';
import type { PingSchema } from '../schemas/meta.js';

export type Ping = z.infer<typeof PingSchema>;

/**
 * "Test API Credentials" and the `_authping` flow: the credential must be valid **and** able to
 * create users, or provisioning would fail later, one user at a time. Who may create users:
 * Subscription Admins, and Workspace Admins when the subscription allows it (KB 57526, KB 370500).
 */
export async function ping(api: RallyApi, input: { cred: RallyCredential }): Promise<Ping> {
  const me = await api.currentUser().catch((err: unknown) => {
    throw fromRallyFailure(err, input.cred);
  });
  const [subscription, workspaceAdmin] = await Promise.all([
    api.subscription(),
    me.SubscriptionAdmin === true ? false : isWorkspaceAdmin(api, me.ObjectID),
  ]);
  mayProvision(me, subscription, workspaceAdmin);
  await api.checkWriteAccess().catch((err: unknown) => {
    if (!isRallyError(err, 'RALLY_FORBIDDEN') && !isRallyError(err, 'RALLY_UNAUTHORIZED')) throw err;
    throw new ConnectorError(
      'INSUFFICIENT_PERMISSIONS',
      `Rally accepted the ${describeCredential(input.cred)} for reading but gave no security token for writing, so users cannot be created with it. Check that the account may use the Web Services API with a password (not SSO-only), or use a Full Access API key.`,
      {
        details: {
          userName: me.UserName,
          missing: 'write access (security token)',
          rallyMessages: err.rallyMessages,
        },
      },
    );
  });
  return {
    working: true,
    user: { id: String(me.ObjectID), userName: me.UserName, displayName: me.DisplayName ?? null },
    subscription: { id: String(subscription.ObjectID), name: subscription.Name },
    canProvision: true,
  };
}

function mayProvision(me: RallyUser, subscription: RallySubscription, workspaceAdmin: boolean): void {
  if (me.SubscriptionAdmin === true) return;
  if (workspaceAdmin && subscription.WorkspaceAdminsCanManageUsers === true) return;
  const missing = workspaceAdmin
    ? 'Subscription Admin (this subscription does not let Workspace Admins manage users)'
    : 'Subscription Admin';
  throw new ConnectorError(
    'INSUFFICIENT_PERMISSIONS',
    `The Rally account ${me.UserName} is valid but is not a ${missing}, so it cannot create users. Use the credentials of a Rally Subscription Administrator${workspaceAdmin ? ', or let Workspace Admins manage users in the subscription settings' : ''}.`,
    {
      details: {
        userName: me.UserName,
        subscriptionPermission: me.SubscriptionPermission ?? null,
        workspaceAdmin,
        missing: 'Subscription Admin',
      },
    },
  );
}

async function isWorkspaceAdmin(api: RallyApi, userId: number): Promise<boolean> {
  for await (const p of api.workspacePermissions({ userId })) if (p.Role === 'Admin') return true;
  return false;
}

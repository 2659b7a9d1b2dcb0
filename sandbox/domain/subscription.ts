import { MESSAGES } from '../http/messages.js';
import { WsapiError } from '../http/wsapi-error.js';
import { isSubscriptionAdmin } from '../models/user.js';
import { touch } from '../store/store.js';
import type { SubscriptionRecord } from '../types/records.js';
import { coerce } from './coerce.js';
import type { WriteEnv, WriteOutcome } from './write-env.js';

/** Subscription Admins may rename the subscription and toggle WorkspaceAdminsCanManageUsers. */
export function updateSubscription(
  env: WriteEnv,
  subscription: SubscriptionRecord,
  input: Record<string, unknown>,
): WriteOutcome<SubscriptionRecord> {
  if (!isSubscriptionAdmin(env.actor)) throw new WsapiError([MESSAGES.forbidden('update', 'Subscription')]);
  const { values, warnings } = coerce(env.store, env.models, env.models.subscription, input);
  if (values.has('Name') && !values.get('Name')) {
    throw new WsapiError([MESSAGES.required('Subscription', 'Name')]);
  }
  Object.assign(subscription, Object.fromEntries(values));
  touch(env.store, subscription);
  return { record: subscription, warnings };
}

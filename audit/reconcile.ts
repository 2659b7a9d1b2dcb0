import type { RallyApi, RallyUser } from '../connector/rally/index.js';
import type { EventStore } from './event-store.js';
import type { LinkStore } from './links.js';

export type Finding = 'unmanaged' | 'reactivatedBehindOkta' | 'subscriptionAdmin';

export interface ReconRow {
  readonly finding: Finding;
  readonly id: string;
  readonly userName: string;
  readonly email: string | null;
}

export interface WorkspaceCount {
  readonly id: string;
  readonly name: string;
  readonly activeUsers: number;
  readonly unmanaged: number;
}

export interface Reconciliation {
  readonly generatedAt: string;
  readonly totals: { readonly users: number; readonly activeUsers: number } & Record<Finding, number>;
  readonly workspaces: readonly WorkspaceCount[];
}

/**
 * Which Rally users Okta does not manage, and which changed behind its back. Users stream from
 * the read-ahead listing one page at a time; only findings (a row each) and a bit per active
 * user for the workspace counts are kept, so 20,000 users stay small. The store contributes the
 * links, the users this service created and the last activation change it made to each.
 *
 * - unmanaged: active, no Okta link and never created through this service;
 * - reactivatedBehindOkta: this service's last change deactivated them, and Rally has them active;
 * - subscriptionAdmin: active Subscription Admins (licences with every power).
 */
export async function reconcile(
  api: RallyApi,
  store: { events: EventStore; links: LinkStore },
  onRow: (row: ReconRow) => void | Promise<void>,
  now: () => number = Date.now,
): Promise<Reconciliation> {
  const [linked, created, activation] = await Promise.all([
    store.links.linkedIds(),
    store.events.targetsOf(['user.create']),
    store.events.targetsOf(['user.deactivate', 'user.reactivate']),
  ]);
  const totals = { users: 0, activeUsers: 0, unmanaged: 0, reactivatedBehindOkta: 0, subscriptionAdmin: 0 };
  // ObjectID → unmanaged?, for active users only: what the workspace counts need.
  const active = new Map<number, boolean>();
  const emit = async (finding: Finding, u: RallyUser) => {
    totals[finding]++;
    await onRow({ finding, id: String(u.ObjectID), userName: u.UserName, email: u.EmailAddress ?? null });
  };
  for await (const u of api.users()) {
    totals.users++;
    if (u.Disabled === true) continue;
    totals.activeUsers++;
    const id = String(u.ObjectID);
    const unmanaged = !linked.has(id) && !created.has(id);
    active.set(u.ObjectID, unmanaged);
    if (unmanaged) await emit('unmanaged', u);
    if (activation.get(id) === 'user.deactivate') await emit('reactivatedBehindOkta', u);
    if (u.SubscriptionAdmin === true) await emit('subscriptionAdmin', u);
  }
  const workspaces: WorkspaceCount[] = [];
  for await (const w of api.workspaces()) {
    const seen = new Set<number>();
    let unmanaged = 0;
    for await (const p of api.workspacePermissions({ workspaceId: w.ObjectID })) {
      const userId = p.User ? Number(/(\d+)$/.exec(p.User._ref)?.[1]) : NaN;
      const flag = active.get(userId);
      if (flag === undefined || seen.has(userId)) continue;
      seen.add(userId);
      if (flag) unmanaged++;
    }
    workspaces.push({ id: String(w.ObjectID), name: w.Name, activeUsers: seen.size, unmanaged });
  }
  return { generatedAt: new Date(now()).toISOString(), totals, workspaces };
}

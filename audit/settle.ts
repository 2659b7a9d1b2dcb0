import type { RallyUser } from '../connector/rally/index.js';
import type { AuditEvent } from './event.js';
import type { EventStore } from './event-store.js';
import type { LinkStore } from './links.js';

/**
 * A `pending` record past its deadline (the process died mid-call) or an `unknown` one (the
 * answer was lost) is settled against what Rally shows now, the next time that user is read: a
 * create that Rally has is `succeeded` (and its Okta link is made); an update whose values Rally
 * holds is `succeeded`, one whose values it does not is `failed`. Membership changes are left
 * `unknown`: the user's read does not show them.
 */
export async function settleFor(
  user: RallyUser,
  deps: { events: EventStore; links: LinkStore },
): Promise<void> {
  const stale = await deps.events.unresolvedFor({ id: String(user.ObjectID), userName: user.UserName });
  for (const e of stale) await settleOne(e, user, deps);
}

export async function settleOne(
  e: AuditEvent,
  user: RallyUser | undefined,
  deps: { events: EventStore; links: LinkStore },
): Promise<void> {
  const id = user ? String(user.ObjectID) : undefined;
  switch (e.operation) {
    case 'user.create':
      if (user && id) {
        await deps.events.finish(e.id, { status: 'succeeded', targetId: id });
        if (e.target.externalId) await deps.links.link(id, e.target.externalId);
      } else {
        await deps.events.finish(e.id, {
          status: 'failed',
          code: 'NOT_APPLIED',
          rallyMessage: 'Rally has no such user.',
        });
      }
      return;
    case 'user.update':
    case 'user.deactivate':
    case 'user.reactivate': {
      if (!user || e.target.id !== id) return;
      const applied = Object.entries(e.changes).every(
        ([field, c]) =>
          ((user as unknown as Record<string, unknown>)[field] ?? null) ===
          ((c as { after?: unknown }).after ?? null),
      );
      await deps.events.finish(
        e.id,
        applied
          ? { status: 'succeeded' }
          : {
              status: 'failed',
              code: 'NOT_APPLIED',
              rallyMessage: 'Rally does not hold the values written.',
            },
      );
      return;
    }
    default:
      if (e.outcome.status !== 'unknown') await deps.events.finish(e.id, { status: 'unknown' });
  }
}

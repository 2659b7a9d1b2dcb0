import type { Request, Response } from 'express';
import { createEventStore, type EventStore } from '../../audit/event-store.js';
import type { Surface } from '../../audit/event.js';
import { createLinkStore, type LinkStore } from '../../audit/links.js';
import { createOktaLinks } from '../../audit/okta-links.js';
import { recordingApi } from '../../audit/recording-api.js';
import type { RallyApi, RallyCredential } from '../../connector/rally/index.js';
import type { Db } from '../../store/index.js';
import { toApiError } from '../errors.js';
import type { Logger } from '../logger.js';
import { createActorLookup } from './actor.js';

/** The audit trail as the app uses it: the stores, and each request's recording RallyApi. */
export interface Audit {
  readonly db: Db;
  readonly events: EventStore;
  readonly links: LinkStore;
  readonly oktaLinks: ReturnType<typeof createOktaLinks>;
  /** The request's RallyApi, recording its writes with the request's surface, actor and ids. */
  wrap(
    api: RallyApi,
    call: {
      req: Request;
      res: Response;
      surface: Surface;
      cred: RallyCredential;
      deadline: number;
      externalId?: string;
      consoleUser?: string;
    },
  ): RallyApi;
}

/** Okta's request id: Okta sends X-Okta-Request-Id on SCIM calls; proxies often add X-Request-Id. */
const REQUEST_ID_HEADERS = ['x-okta-request-id', 'x-request-id'] as const;

export function createAudit(deps: { db: Db; logger: Logger; now?: () => number }): Audit {
  const now = deps.now ?? Date.now;
  const events = createEventStore(deps.db, { now });
  const links = createLinkStore(deps.db, now);
  const actorOf = createActorLookup({ now });
  const log = deps.logger.child({ component: 'audit' });
  const recorder = {
    events,
    links,
    now,
    codeOf: (err: unknown) => toApiError(err).code,
    onError: (err: unknown, what: string) =>
      log.error({ err: (err as Error).message }, `audit: ${what} failed`),
  };
  return {
    db: deps.db,
    events,
    links,
    oktaLinks: createOktaLinks({ events, links }),
    wrap(api, c) {
      const header = REQUEST_ID_HEADERS.map((h) => c.req.get(h)).find((v) => v !== undefined && v !== '');
      return recordingApi(
        api,
        {
          surface: c.surface,
          actor: actorOf(c.res, c.cred, api, c.consoleUser),
          request: { id: header?.slice(0, 200) ?? null, address: c.req.ip ?? null },
          deadline: c.deadline,
          ...(c.externalId !== undefined && { externalId: c.externalId }),
        },
        recorder,
      );
    },
  };
}

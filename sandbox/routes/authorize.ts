import type { RequestHandler } from 'express';
import { operationResult } from '../http/envelopes.js';
import { sendJson } from '../http/respond.js';
import { requestState, type Runtime } from '../runtime.js';
import type { Session } from '../types/records.js';

const MAX_SESSIONS = 10_000;

/**
 * `GET /security/authorize`: answers the SecurityToken and binds it to a JSESSIONID cookie (reference:
 * Authentication). A caller whose cookie already names its own live session gets the same token back.
 */
export function createAuthorize(runtime: Runtime): RequestHandler {
  return function authorize(req, res) {
    const { identity } = requestState(runtime, req);
    const { sessions } = runtime.data.store;
    let session: Session | undefined =
      identity.session?.user === identity.user.oid ? identity.session : undefined;
    if (!session) {
      session = {
        id: runtime.newToken().replace(/-/g, '').toUpperCase(),
        user: identity.user.oid,
        token: runtime.newToken(),
      };
      sessions.set(session.id, session);
      if (sessions.size > MAX_SESSIONS) sessions.delete(sessions.keys().next().value!);
      res.cookie('JSESSIONID', session.id, { path: '/', httpOnly: true });
    }
    sendJson(runtime, req, res, operationResult({ SecurityToken: session.token }));
  };
}

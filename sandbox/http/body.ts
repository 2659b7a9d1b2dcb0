import express, { type RequestHandler } from 'express';
import { requestState, type Runtime } from '../runtime.js';
import { writeKeyAccepted } from './auth.js';
import { MESSAGES } from './messages.js';
import { WsapiError } from './wsapi-error.js';

/**
 * JSON bodies whatever the Content-Type: toolkits and KB examples send `text/plain` or nothing.
 * Parse failures reach the error handler, which answers like Rally (HTTP 200, Errors).
 */
export function createParseBody(): RequestHandler {
  return express.json({ limit: '1mb', type: () => true });
}

const WRITES = new Set(['POST', 'PUT', 'DELETE']);

/** Basic/session writes need `?key=<SecurityToken>` bound to the JSESSIONID cookie (reference: Authentication). */
export function createRequireWriteKey(runtime: Runtime): RequestHandler {
  return function requireWriteKey(req, _res, next) {
    if (!WRITES.has(req.method)) return next();
    const key = typeof req.query.key === 'string' ? req.query.key : undefined;
    if (!writeKeyAccepted(requestState(runtime, req).identity, key))
      throw new WsapiError([MESSAGES.invalidKey()]);
    next();
  };
}

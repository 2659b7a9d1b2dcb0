import express, { type RequestHandler } from 'express';
import { ApiError } from '../../errors.js';
import { unsafeJson } from '../../json-guard.js';

/** JSON bodies up to 100 kB, then the depth and reserved-key guard. */
export function jsonBody(): RequestHandler[] {
  return [express.json({ limit: '100kb', type: ['application/json', 'application/*+json'] }), guardJson()];
}

function guardJson(): RequestHandler {
  return function guardJsonBody(req, _res, next) {
    const problem = unsafeJson(req.body);
    next(problem ? new ApiError(400, 'UNSAFE_JSON', problem) : undefined);
  };
}

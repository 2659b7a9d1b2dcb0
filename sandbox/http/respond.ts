import type { Request, Response } from 'express';
import type { Runtime } from '../runtime.js';
import type { Json } from '../serialize/serialize.js';

/**
 * The one way JSON leaves the sandbox. Express sets `Content-Type: application/json; charset=utf-8`.
 * A 'commit-then-reset' fault turns the answer into a destroyed socket after the work is done.
 */
export function sendJson(runtime: Runtime, req: Request, res: Response, body: Json, status = 200): void {
  if (runtime.requests.get(req)?.resetAfterCommit) {
    req.socket.destroy();
    return;
  }
  res.status(status).json(body);
}

import type { ErrorRequestHandler } from 'express';
import { QuerySyntaxError } from '../query/tokenize.js';
import type { Runtime } from '../runtime.js';
import { errorResult } from './envelopes.js';
import { MESSAGES } from './messages.js';
import { sendJson } from './respond.js';
import { type EnvelopeKind, WsapiError } from './wsapi-error.js';

interface BodyParserError {
  type: string;
  status: number;
  message: string;
}

function isBodyParserError(error: unknown): error is BodyParserError {
  return error instanceof Error && typeof (error as Partial<BodyParserError>).type === 'string';
}

/** Renders every failure inside the WSAPI router as a Rally envelope (application errors are HTTP 200). */
export function createRenderError(runtime: Runtime): ErrorRequestHandler {
  return function renderError(error: unknown, req, res, _next) {
    if (res.headersSent) {
      req.socket.destroy();
      return;
    }
    const routeEnvelope: EnvelopeKind = runtime.requests.get(req)?.envelope ?? 'OperationResult';
    if (error instanceof WsapiError) {
      const envelope = error.options.envelope ?? routeEnvelope;
      sendJson(
        runtime,
        req,
        res,
        errorResult(envelope, error.errors, error.options.warnings),
        error.options.status,
      );
    } else if (error instanceof QuerySyntaxError) {
      sendJson(runtime, req, res, errorResult('QueryResult', [MESSAGES.couldNotParse(error.message)]));
    } else if (isBodyParserError(error) && error.type === 'entity.parse.failed') {
      sendJson(runtime, req, res, errorResult(routeEnvelope, [MESSAGES.badJson(error.message)]));
    } else if (isBodyParserError(error) && error.type === 'entity.too.large') {
      sendJson(runtime, req, res, errorResult(routeEnvelope, [MESSAGES.bodyTooLarge()]), 413);
    } else if (isBodyParserError(error) && error.status >= 400 && error.status < 500) {
      sendJson(runtime, req, res, errorResult(routeEnvelope, [error.message]), error.status);
    } else {
      sendJson(runtime, req, res, errorResult(routeEnvelope, [MESSAGES.internal()]), 500);
    }
  };
}

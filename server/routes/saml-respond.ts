import type { ErrorRequestHandler, Request } from 'express';
import {
  isSamlError,
  LIMITS,
  renderSetupPage,
  summarizeIdp,
  type IdpStore,
  type ServiceProvider,
} from '../../saml/index.js';
import { consoleViewOf } from '../auth/console-guard.js';
import { ApiError, describeCause, errorBody, toApiError } from '../errors.js';
import type { Logger } from '../logger.js';

/**
 * Browsers (GET, form posts, the IdP posting to the ACS) get HTML unless they ask for JSON; API
 * clients get JSON unless they ask for HTML.
 */
export function responseFormat(req: Request): 'html' | 'json' {
  const browser =
    req.method === 'GET' ||
    req.is('application/x-www-form-urlencoded') === 'application/x-www-form-urlencoded';
  const accept = req.headers.accept;
  if (!accept || accept.trim() === '*/*') return browser ? 'html' : 'json';
  const pick = req.accepts(browser ? ['html', 'json'] : ['json', 'html']);
  return pick === 'json' || pick === 'html' ? pick : browser ? 'html' : 'json';
}

/** SAML input errors keep their code; body-parser errors name this router's own size limit. */
export function toSamlApiError(err: unknown): ApiError {
  if (isSamlError(err))
    return new ApiError(err.status, err.code, err.message, err.details, undefined, { cause: err });
  if ((err as { type?: unknown } | null)?.type === 'entity.too.large') {
    return new ApiError(
      413,
      'PAYLOAD_TOO_LARGE',
      `The request body is too large: send at most ${LIMITS.bodyBytes / 1024} kB.`,
    );
  }
  return toApiError(err);
}

/** The router's own error rendering: JSON `{error}` for API calls, the page with an error block for browsers. */
export function samlErrorHandler(deps: {
  logger: Logger;
  sp: ServiceProvider;
  idpStore: IdpStore;
  now: () => Date;
}): ErrorRequestHandler {
  return async function renderSamlError(err, req, res, _next) {
    const e = toSamlApiError(err);
    if (e.status >= 500)
      deps.logger.error({ err: describeCause(e), path: req.path }, 'SAML helper request failed');
    if (res.headersSent) {
      res.destroy();
      return;
    }
    res.status(e.status).set(e.headers ?? {});
    if (responseFormat(req) === 'json') {
      res.json(errorBody(e));
      return;
    }
    const idp = await deps.idpStore.get().catch(() => undefined);
    const view = consoleViewOf(res);
    const issues = (e.details?.['issues'] as { path: string; message: string }[] | undefined) ?? [];
    res.type('html').send(
      renderSetupPage({
        base: req.baseUrl,
        sp: deps.sp,
        ...(idp && { idp: summarizeIdp(idp, deps.now()) }),
        error: { message: e.message, details: issues.map((i) => `${i.path}: ${i.message}`) },
        ...(view && { session: view }),
      }),
    );
  };
}

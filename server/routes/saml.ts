import { randomBytes } from 'node:crypto';
import express, { Router, type Request, type RequestHandler } from 'express';
import {
  COPY_JS,
  createMemoryIdpStore,
  createMemorySamlStore,
  createMetadataFetcher,
  LIMITS,
  renderPostBindingPage,
  renderResultPage,
  renderSetupPage,
  SAML_CSS,
  SamlError,
  serviceProviderFor,
  serviceProviderMetadata,
  startAuthnRequest,
  summarizeIdp,
  validateSamlResponse,
  validationIdp,
  type IdpStore,
  type MetadataFetcher,
  type RallyUserLookup,
  type SamlStateStore,
} from '../../saml/index.js';
import { consoleViewOf, type ConsoleGuard } from '../auth/console-guard.js';
import { ApiError } from '../errors.js';
import type { Logger } from '../logger.js';
import { readIdpRequest, readValidateRequest } from './saml-inputs.js';
import { responseFormat, samlErrorHandler } from './saml-respond.js';

export interface SamlRouterDeps {
  readonly publicUrl: string;
  readonly allowPrivateMetadata: boolean;
  readonly now?: () => Date;
  readonly logger: Logger;
  readonly lookupForRequest?: (req: Request) => RallyUserLookup | undefined;
  readonly idpStore?: IdpStore;
  readonly requestStore?: SamlStateStore;
  readonly fetchMetadata?: MetadataFetcher;
  readonly newRequestId?: () => string;
  /** Told each validation's verdict (metrics). */
  readonly onValidated?: (endpoint: 'acs' | 'validate', valid: boolean) => void;
  /**
   * Console sign-in (docs/auth.md): the setup page, loading metadata and starting a test sign-in
   * need a signed-in admin; the metadata, the ACS (Okta posts there) and stateless validation
   * stay open. Absent when no sign-in is configured (loopback only, or explicitly allowed).
   */
  readonly console?: ConsoleGuard;
}

/**
 * The SAML SP setup helper (docs/saml.md): SP metadata, IdP metadata loading, a test sign-in with
 * its ACS, stateless validation, and the admin page. Renders its own errors.
 */
export function createSamlRouter(deps: SamlRouterDeps): Router {
  const now = deps.now ?? (() => new Date());
  const sp = serviceProviderFor(deps.publicUrl);
  const idpStore = deps.idpStore ?? createMemoryIdpStore();
  const requests = deps.requestStore ?? createMemorySamlStore({ now: () => now().getTime() });
  const fetchMetadata =
    deps.fetchMetadata ?? createMetadataFetcher({ allowPrivate: deps.allowPrivateMetadata });
  const newRequestId = deps.newRequestId ?? (() => `_${randomBytes(20).toString('hex')}`);
  const log = deps.logger.child({ component: 'saml' });

  const forms = express.urlencoded({ extended: false, limit: LIMITS.bodyBytes, parameterLimit: 20 });
  const json = express.json({ limit: LIMITS.bodyBytes });
  const xml = express.text({
    type: ['application/samlmetadata+xml', 'text/xml', 'application/xml'],
    limit: LIMITS.bodyBytes,
  });
  const html = (res: express.Response, body: string) => res.type('html').send(body);
  const requireIdp = async () => {
    const idp = await idpStore.get();
    if (!idp)
      throw new SamlError(
        'SAML_IDP_NOT_CONFIGURED',
        'No IdP is loaded yet. Load the Okta app’s metadata first (POST /saml/idp, or the form on /saml).',
      );
    return idp;
  };

  const https = sp.acsUrl.startsWith('https:');
  const router = Router();
  router.use(strictPageSecurity(https));
  router.get('/assets/saml.css', asset('text/css', SAML_CSS));
  router.get('/assets/copy.js', asset('text/javascript', COPY_JS));

  router.get('/metadata', function spMetadata(_req, res) {
    res.type('application/samlmetadata+xml').send(serviceProviderMetadata(sp));
  });

  const signedIn: RequestHandler[] = deps.console ? [deps.console.requireSession] : [];
  const csrf: RequestHandler[] = deps.console ? [deps.console.verifyCsrf] : [];
  if (deps.console) router.use(deps.console.identify);
  const session = (res: express.Response) => {
    const view = consoleViewOf(res);
    return view ? { session: view } : {};
  };

  router.get('/', ...signedIn, async function setupPage(req, res) {
    const idp = await idpStore.get();
    const notice = req.query['loaded'] === '1' ? 'IdP metadata loaded. Run a test sign-in next.' : undefined;
    html(
      res,
      renderSetupPage({
        base: req.baseUrl,
        sp,
        ...(idp && { idp: summarizeIdp(idp, now()) }),
        ...(notice && { notice }),
        ...session(res),
      }),
    );
  });

  router.post(
    '/idp',
    sameSiteOnly(new URL(deps.publicUrl).origin),
    ...signedIn,
    xml,
    json,
    forms,
    ...csrf,
    async function loadIdp(req, res) {
      const idp = await readIdpRequest(req, fetchMetadata);
      await idpStore.put(idp);
      log.info({ idp: idp.entityId }, 'SAML helper: IdP metadata loaded');
      if (responseFormat(req) === 'html') res.redirect(303, `${req.baseUrl}?loaded=1`);
      else res.json(summarizeIdp(idp, now()));
    },
  );

  router.get('/login', ...signedIn, async function startTestSignIn(req, res) {
    const start = await startAuthnRequest(sp, await requireIdp(), newRequestId);
    await requests.rememberRequest(start.id);
    if (start.binding === 'redirect') {
      res.redirect(302, start.url);
      return;
    }
    res.set('Content-Security-Policy', pageCsp(https, new URL(start.url).origin));
    html(res, renderPostBindingPage({ base: req.baseUrl, url: start.url, fields: start.fields }));
  });

  router.post('/acs', forms, async function assertionConsumer(req, res) {
    const samlResponse = (req.body as Record<string, unknown> | undefined)?.['SAMLResponse'];
    if (typeof samlResponse !== 'string' || samlResponse === '') {
      throw new ApiError(
        400,
        'INVALID_REQUEST',
        'POST the SAMLResponse form field here (HTTP-POST binding), as Okta does after sign-in.',
      );
    }
    const idp = await requireIdp();
    const at = now();
    const report = await validateSamlResponse(samlResponse, {
      idp: validationIdp(idp),
      sp: { entityId: sp.entityId, acsUrl: sp.acsUrl },
      at,
      now: at,
      tracker: requests,
    });
    deps.onValidated?.('acs', report.valid);
    log.info(
      { valid: report.valid, failed: report.checks.filter((c) => c.status === 'fail').map((c) => c.id) },
      'SAML helper: test sign-in checked',
    );
    if (responseFormat(req) === 'json') res.json(report);
    else html(res, renderResultPage({ base: req.baseUrl, report }));
  });
  router.get('/acs', function acsNeedsPost(_req, _res, next) {
    next(
      new ApiError(
        405,
        'METHOD_NOT_ALLOWED',
        'The ACS accepts the IdP’s POST only. Start a test sign-in from /saml.',
        undefined,
        { allow: 'POST' },
      ),
    );
  });

  router.post('/validate', json, forms, async function validateStateless(req, res) {
    const input = await readValidateRequest(req, { sp, idpStore, now });
    const rallyLookup = input.rallyCheck ? deps.lookupForRequest?.(req) : undefined;
    const report = await validateSamlResponse(input.samlResponse, {
      ...input.options,
      now: now(),
      ...(rallyLookup && { rallyLookup }),
    });
    deps.onValidated?.('validate', report.valid);
    if (responseFormat(req) === 'json') {
      res.json(report);
      return;
    }
    const idp = await idpStore.get();
    html(
      res,
      renderSetupPage({
        base: req.baseUrl,
        sp,
        ...(idp && { idp: summarizeIdp(idp, now()) }),
        report: { title: 'Pasted response', report },
        form: input.form,
        ...session(res),
      }),
    );
  });

  router.use(samlErrorHandler({ logger: log, sp, idpStore, now }));
  return router;
}

/**
 * Pages use external CSS and an optional external script only, so the CSP forbids anything
 * inline. `upgrade-insecure-requests` is kept for https deployments only: on a plain-http
 * PUBLIC_URL it would send the page's own links and forms to an https port that is not there.
 */
function pageCsp(https: boolean, formTarget?: string): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self'",
    `form-action 'self'${formTarget ? ` ${formTarget}` : ''}`,
    "base-uri 'none'",
    "frame-ancestors 'none'",
    ...(https ? ['upgrade-insecure-requests'] : []),
  ].join('; ');
}

function strictPageSecurity(https: boolean): RequestHandler {
  const csp = pageCsp(https);
  return function pageSecurity(_req, res, next) {
    res.set({ 'Content-Security-Policy': csp, 'Cache-Control': 'no-store' });
    next();
  };
}

/**
 * Loading metadata changes what every later test sign-in trusts, so a form on another site must
 * not be able to do it (CSRF). Browsers say where a request comes from in Sec-Fetch-Site (the
 * page's no-referrer policy turns Origin into "null"); API clients send neither header.
 */
function sameSiteOnly(publicOrigin: string): RequestHandler {
  return function rejectCrossSite(req, _res, next) {
    const site = req.headers['sec-fetch-site'];
    const origin = req.headers.origin;
    const crossSite =
      site !== undefined
        ? site !== 'same-origin' && site !== 'none'
        : origin !== undefined &&
          origin !== publicOrigin &&
          origin !== `${req.protocol}://${req.headers.host ?? ''}`;
    if (crossSite) {
      next(
        new ApiError(
          403,
          'CROSS_SITE_REQUEST',
          'IdP metadata can only be loaded from this helper’s own page or by an API client.',
        ),
      );
      return;
    }
    next();
  };
}

function asset(type: string, body: string): RequestHandler {
  return function serveAsset(_req, res) {
    res.set('Cache-Control', 'public, max-age=3600').type(type).send(body);
  };
}

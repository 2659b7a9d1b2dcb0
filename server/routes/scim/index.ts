import express, { Router, type Request, type RequestHandler } from 'express';
import { ConnectorError } from '../../../connector/errors.js';
import type { AttributeCache } from '../../../connector/operations/attributes.js';
import { checkDropdownsIfSet } from '../../../connector/operations/user-write.js';
import type { RallyClient } from '../../../connector/rally/index.js';
import { ScimError, badRequest } from '../../../connector/scim/errors.js';
import { createScimGroups, type ProjectRoleToGrant } from '../../../connector/scim/groups.js';
import {
  DEFAULT_COUNT,
  MAX_COUNT,
  resourceTypes,
  schemaDefinitions,
  serviceProviderConfig,
} from '../../../connector/scim/schemas.js';
import { createScimUsers, type ScimContext, type ScimUserDeps } from '../../../connector/scim/users.js';
import { createScimEntitlements, ENTITLEMENT_ENDPOINTS } from '../../../connector/scim/entitlements.js';
import { createUserEntitlements } from '../../../connector/scim/user-entitlements.js';
import { ENTITLEMENT_TYPES } from '../../../connector/operations/entitlements.js';
import {
  passthroughResolver,
  rememberCredentialSource,
  type CredentialResolver,
} from '../../auth/credential-resolver.js';
import type { Audit } from '../../audit/index.js';
import { externalIdOf } from '../../../connector/scim/user-resource.js';
import { unsafeJson } from '../../json-guard.js';
import type { Logger } from '../../logger.js';
import { scimErrorHandler, scimNotFound } from './errors.js';
import { provisioningCheck } from './provisioning-check.js';

export interface ScimRouterDeps {
  readonly rally: RallyClient;
  readonly windows: ScimUserDeps['windows'];
  /** The subscription's dropdown values per credential, shared with the connector API. */
  readonly attributes: AttributeCache;
  readonly publicUrl: string;
  readonly groupRole: ProjectRoleToGrant;
  readonly logger: Logger;
  /** How requests get their Rally credential; pass-through when absent (docs/auth.md). */
  readonly resolveCredential?: CredentialResolver;
  /** The audit trail and Okta links (docs/audit.md); absent, writes are not recorded. */
  readonly audit?: Audit;
}

/**
 * SCIM 2.0 (RFC 7643/7644) in front of Rally, as Okta's provisioning client drives it
 * (docs/scim.md). Credentials pass through on every request, exactly as for the connector API.
 */
export function createScimRouter(deps: ScimRouterDeps): Router {
  const router = Router();
  const baseUrl = `${deps.publicUrl}/scim/v2`;
  const users = createScimUsers({
    windows: deps.windows,
    entitlements: createUserEntitlements({ client: deps.rally, windows: deps.windows }),
    ...(deps.audit && { links: deps.audit.oktaLinks }),
    // The connector's dropdown check, its error turned into SCIM's invalidValue.
    validate: async (ctx, patch) => {
      try {
        return await checkDropdownsIfSet(patch, () => deps.attributes.get(ctx.cred, ctx.api));
      } catch (err) {
        if (err instanceof ConnectorError) throw badRequest('invalidValue', err.message);
        throw err;
      }
    },
  });
  const groups = createScimGroups({ role: deps.groupRole });
  const entitlements = createScimEntitlements();

  router.use(
    express.json({
      type: ['application/json', 'application/scim+json', 'application/*+json'],
      limit: '100kb',
      strict: true,
    }),
  );
  router.use(function guardScimBody(req, _res, next) {
    const problem = unsafeJson(req.body);
    next(problem ? badRequest('invalidSyntax', problem) : undefined);
  });
  router.use(function scimContentType(_req, res, next) {
    res.type('application/scim+json');
    next();
  });

  // Discovery documents hold nothing secret; RFC 7644 §4 lets them be read without auth.
  router.get('/ServiceProviderConfig', (_req, res) => void res.send(serviceProviderConfig(baseUrl)));
  router.get('/ResourceTypes', (_req, res) => void res.send(listOf(resourceTypes(baseUrl))));
  router.get('/ResourceTypes/:id', (req, res) => void res.send(byId(resourceTypes(baseUrl), req.params.id!)));
  router.get('/Schemas', (_req, res) => void res.send(listOf(schemaDefinitions(baseUrl))));
  router.get('/Schemas/:id', (req, res) => void res.send(byId(schemaDefinitions(baseUrl), req.params.id!)));

  const ctx = (req: Request): ScimContext => {
    const c = req.res!.locals.credential as ScimContext['cred'];
    const deadline = deps.rally.deadline();
    const rally = deps.rally.as(c, { deadline });
    const externalId = externalIdOf(req.body);
    const api = deps.audit
      ? deps.audit.wrap(rally, {
          req,
          res: req.res!,
          surface: 'scim',
          cred: c,
          deadline,
          ...(externalId && { externalId }),
        })
      : rally;
    return { api, cred: c, baseUrl };
  };
  router.use(requireCredential(deps.resolveCredential ?? passthroughResolver('rally-okta-connector SCIM')));
  router.use(
    provisioningCheck({
      rally: deps.rally,
      credentialOf: (res) => res.locals.credential as ScimContext['cred'],
    }),
  );

  router.get('/Users', async (req, res) => {
    res.send(
      await users.list(ctx(req), {
        ...paging(req),
        ...filterOf(req),
        excludeEntitlements: excludes(req, 'entitlements'),
      }),
    );
  });
  router.get('/Users/:id', async (req, res) => void res.send(await users.get(ctx(req), req.params.id!)));
  router.post('/Users', async (req, res) => {
    const u = await users.create(ctx(req), req.body);
    res
      .status(201)
      .location(String((u.meta as { location: string }).location))
      .send(u);
  });
  router.put(
    '/Users/:id',
    async (req, res) => void res.send(await users.replace(ctx(req), req.params.id!, req.body)),
  );
  router.patch(
    '/Users/:id',
    async (req, res) => void res.send(await users.patch(ctx(req), req.params.id!, req.body)),
  );
  router.delete('/Users/:id', async (req, res) => {
    await users.deactivate(ctx(req), req.params.id!);
    res.status(204).end();
  });

  router.get('/Groups', async (req, res) => {
    res.send(
      await groups.list(ctx(req), { ...paging(req), ...filterOf(req), excludeMembers: excludesMembers(req) }),
    );
  });
  router.get(
    '/Groups/:id',
    async (req, res) => void res.send(await groups.get(ctx(req), req.params.id!, excludesMembers(req))),
  );
  router.post('/Groups', async (req, res) => {
    const g = await groups.create(ctx(req), req.body);
    res.status(201).location(g.meta.location).send(g);
  });
  router.put(
    '/Groups/:id',
    async (req, res) => void res.send(await groups.replace(ctx(req), req.params.id!, req.body)),
  );
  router.patch('/Groups/:id', async (req, res) => {
    await groups.patch(ctx(req), req.params.id!, req.body);
    res.status(204).end();
  });
  // Rally projects are never deleted by provisioning; the group is simply no longer pushed.
  router.delete('/Groups/:id', async (req, res) => {
    await groups.get(ctx(req), req.params.id!, true);
    res.status(204).end();
  });

  for (const type of ENTITLEMENT_TYPES) {
    const endpoint = ENTITLEMENT_ENDPOINTS[type];
    router.get(endpoint, async (req, res) => {
      res.send(await entitlements.list(ctx(req), type, { ...paging(req), ...filterOf(req) }));
    });
    router.get(
      `${endpoint}/:id`,
      async (req, res) => void res.send(await entitlements.get(ctx(req), type, req.params.id!)),
    );
  }

  router.use(scimNotFound());
  router.use(scimErrorHandler(deps.logger));
  return router;
}

function requireCredential(resolve: CredentialResolver): RequestHandler {
  return async function scimAuth(req, res, next) {
    const r = await resolve(req);
    if (!r.ok) {
      next(new ScimError(r.status, r.message, undefined, { 'www-authenticate': r.wwwAuthenticate }));
      return;
    }
    res.locals.credential = r.credential;
    rememberCredentialSource(res, r.source, r.principal);
    next();
  };
}

function intParam(req: Request, name: string): number | undefined {
  const raw = req.query[name];
  if (raw === undefined || raw === '') return undefined;
  if (typeof raw !== 'string' || !/^-?\d{1,9}$/.test(raw.trim())) {
    throw badRequest('invalidValue', `${name} must be an integer, got "${String(raw)}".`);
  }
  return Number(raw);
}

/** RFC 7644 §3.4.2.4: startIndex below 1 means 1; a negative count means 0. */
function paging(req: Request): { startIndex: number; count: number } {
  const startIndex = Math.max(1, intParam(req, 'startIndex') ?? 1);
  const count = Math.min(MAX_COUNT, Math.max(0, intParam(req, 'count') ?? DEFAULT_COUNT));
  return { startIndex, count };
}

function filterOf(req: Request): { filter?: string } {
  const f = req.query.filter;
  if (f === undefined) return {};
  if (typeof f !== 'string') throw badRequest('invalidFilter', 'Send one filter parameter.');
  return { filter: f };
}

function excludesMembers(req: Request): boolean {
  return excludes(req, 'members');
}

function excludes(req: Request, attribute: string): boolean {
  const ex = req.query.excludedAttributes;
  return typeof ex === 'string' && ex.split(',').some((a) => a.trim().toLowerCase() === attribute);
}

function listOf(resources: Array<Record<string, unknown>>) {
  return {
    schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'],
    totalResults: resources.length,
    startIndex: 1,
    itemsPerPage: resources.length,
    Resources: resources,
  };
}

function byId(resources: Array<Record<string, unknown>>, id: string) {
  const r = resources.find((x) => x.id === id);
  if (!r) throw new ScimError(404, `No resource "${id}".`);
  return r;
}

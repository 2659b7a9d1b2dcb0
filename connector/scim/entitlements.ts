import { ConnectorError } from '../errors.js';
import {
  catalogue,
  findEntitlement,
  type Entitlement,
  type EntitlementType,
} from '../operations/entitlements.js';
import { badRequest, notFound, ScimError } from './errors.js';
import { parseFilter, type Filter } from './filter.js';
import { URN } from './schemas.js';
import { listResponse, type ListResponse, type ScimContext } from './users.js';

/**
 * The entitlement resource endpoints Okta Identity Governance reads after /ResourceTypes
 * (docs/entitlements.md): `/ProjectRoles` and `/WorkspaceRoles`, each resource in Okta's
 * Entitlement schema (`id`, `displayName`, `type`, `description`).
 */
export const ENTITLEMENT_ENDPOINTS: Readonly<Record<EntitlementType, string>> = {
  ProjectRole: '/ProjectRoles',
  WorkspaceRole: '/WorkspaceRoles',
};

export function toScimEntitlement(e: Entitlement, baseUrl: string): Record<string, unknown> {
  return {
    schemas: [URN.entitlement],
    id: e.id,
    displayName: e.displayName,
    type: e.type,
    description: e.description,
    meta: {
      resourceType: e.type,
      location: `${baseUrl}${ENTITLEMENT_ENDPOINTS[e.type]}/${encodeURIComponent(e.id)}`,
    },
  };
}

/** The user attribute form Okta's guide shows: `entitlements: [{ value, display, type }]`. */
export const userEntitlement = (e: Entitlement) => ({ value: e.id, display: e.displayName, type: e.type });

/** A SCIM error for a ConnectorError an entitlement write raised (unknown id, Rally refusal). */
export function scimErrorOf(err: unknown): unknown {
  if (!(err instanceof ConnectorError)) return err;
  if (err.status === 409) return new ScimError(409, err.message, undefined, undefined, { cause: err });
  if (err.status === 400 || err.status === 404) return badRequest('invalidValue', err.message);
  return err;
}

export function createScimEntitlements() {
  return {
    async list(
      ctx: ScimContext,
      type: EntitlementType,
      q: { filter?: string; startIndex: number; count: number },
    ): Promise<ListResponse> {
      const f = q.filter?.trim() ? matcher(parseFilter(q.filter)) : undefined;
      // `id eq` names one entitlement: read it, not the whole catalogue.
      if (f?.id !== undefined && f.displayName === undefined) {
        const e = await findEntitlement(ctx.api, f.id);
        const hit = e && e.type === type ? [e] : [];
        return listResponse(
          hit.length,
          q.startIndex,
          q.startIndex === 1 && q.count > 0 ? hit.map((x) => toScimEntitlement(x, ctx.baseUrl)) : [],
        );
      }
      const page: Entitlement[] = [];
      let total = 0;
      for await (const e of catalogue(ctx.api, type)) {
        if (f && !f.matches(e)) continue;
        total++;
        if (total >= q.startIndex && page.length < q.count) page.push(e);
      }
      return listResponse(
        total,
        q.startIndex,
        page.map((e) => toScimEntitlement(e, ctx.baseUrl)),
      );
    },

    async get(ctx: ScimContext, type: EntitlementType, id: string): Promise<Record<string, unknown>> {
      const e = await findEntitlement(ctx.api, id);
      if (!e || e.type !== type) throw notFound(`${type} ${id} not found.`);
      return toScimEntitlement(e, ctx.baseUrl);
    },
  };
}

/** `id eq "…"` and `displayName eq "…"`, joined by `and`; anything else is invalidFilter. */
function matcher(f: Filter): { id?: string; displayName?: string; matches(e: Entitlement): boolean } {
  const wanted: { id?: string; displayName?: string } = {};
  const visit = (n: Filter): void => {
    if (n.op === 'and') return (visit(n.left), visit(n.right));
    if (n.op === 'eq' && typeof n.value === 'string') {
      const attr = n.attr.toLowerCase().replace(`${URN.entitlement.toLowerCase()}:`, '');
      if (attr === 'id' || attr === 'displayname') {
        wanted[attr === 'id' ? 'id' : 'displayName'] = n.value;
        return;
      }
    }
    throw badRequest(
      'invalidFilter',
      'Entitlements filter on id eq "…" or displayName eq "…" (joined by and).',
    );
  };
  visit(f);
  return {
    ...wanted,
    // RFC 7643 §2.1: string comparisons are case-insensitive unless caseExact (these are not).
    matches: (e) =>
      (wanted.id === undefined || e.id.toLowerCase() === wanted.id.toLowerCase()) &&
      (wanted.displayName === undefined || e.displayName.toLowerCase() === wanted.displayName.toLowerCase()),
  };
}

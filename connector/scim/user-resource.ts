import { z } from 'zod';
import type { User, UserPatch } from '../mapping/user.js';
import { badRequest } from './errors.js';
import { URN } from './schemas.js';

/**
 * SCIM User ↔ our user model (docs/user-mapping.md). Okta's placeholder `password` has no place
 * in Rally: it is accepted and dropped, never stored or echoed. Okta's `externalId` is kept by
 * the service's store against the Rally ObjectID (docs/audit.md), not in Rally.
 */
export type ScimUser = Record<string, unknown> & { id: string; userName: string };

export function toScimUser(u: User, baseUrl: string, externalId?: string): ScimUser {
  const formatted = [u.firstName, u.middleName, u.lastName].filter(Boolean).join(' ');
  const name = prune({
    givenName: u.firstName,
    familyName: u.lastName,
    middleName: u.middleName,
    formatted: formatted || null,
  });
  const enterprise = prune({ department: u.department, costCenter: u.costCenter });
  return {
    schemas: [URN.user, URN.enterprise, URN.rally],
    id: u.id,
    ...(externalId !== undefined && { externalId }),
    userName: u.userName,
    name,
    ...(u.displayName && { displayName: u.displayName }),
    active: u.active,
    emails: u.email ? [{ value: u.email, type: 'work', primary: true }] : [],
    ...(u.phone && { phoneNumbers: [{ value: u.phone, type: 'work' }] }),
    [URN.enterprise]: enterprise,
    [URN.rally]: {
      ...prune({ networkId: u.networkId, officeLocation: u.officeLocation, role: u.role }),
      subscriptionAdmin: u.subscriptionAdmin,
    },
    meta: {
      resourceType: 'User',
      ...(u.createdAt && { created: u.createdAt }),
      location: `${baseUrl}/Users/${u.id}`,
      ...(u.version && { version: `W/"${u.version}"` }),
    },
  };
}

const nullableString = z.string().nullable().optional();
const multiValue = z.array(
  z
    .object({
      value: z.string().nullable().optional(),
      type: z.string().optional(),
      primary: z.boolean().optional(),
    })
    .passthrough(),
);

/** What we read from a SCIM User body; everything else (locale, groups, password…) is ignored. */
export const ScimUserInput = z
  .object({
    userName: z.string({ error: 'userName is required and must be a string' }),
    name: z
      .object({
        givenName: nullableString,
        familyName: nullableString,
        middleName: nullableString,
        formatted: nullableString,
      })
      .passthrough()
      .nullable()
      .optional(),
    displayName: nullableString,
    active: z.boolean().optional(),
    emails: multiValue.nullable().optional(),
    phoneNumbers: multiValue.nullable().optional(),
    [URN.enterprise]: z
      .object({ department: nullableString, costCenter: nullableString })
      .passthrough()
      .nullable()
      .optional(),
    [URN.rally]: z
      .object({ networkId: nullableString, officeLocation: nullableString, role: nullableString })
      .passthrough()
      .nullable()
      .optional(),
  })
  .passthrough();

/**
 * The full set of mapped fields a SCIM User body describes. Absent optional attributes come out
 * as null: PUT replaces, so what Okta leaves out is cleared in Rally.
 */
export type ScimUserFields = Omit<UserPatch, 'email'> & { userName: string; email: string | null };

export function fromScimUser(body: unknown): ScimUserFields {
  const parsed = ScimUserInput.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw badRequest('invalidValue', `${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'}`);
  }
  const b = parsed.data;
  const ent = b[URN.enterprise] ?? {};
  const rally = b[URN.rally] ?? {};
  const email = pick(b.emails);
  return {
    userName: b.userName,
    email: email ?? null,
    firstName: b.name?.givenName ?? null,
    lastName: b.name?.familyName ?? null,
    middleName: b.name?.middleName ?? null,
    displayName: b.displayName ?? null,
    ...(b.active !== undefined && { active: b.active }),
    phone: pick(b.phoneNumbers) ?? null,
    department: ent.department ?? null,
    costCenter: ent.costCenter ?? null,
    networkId: rally.networkId ?? null,
    officeLocation: rally.officeLocation ?? null,
    role: rally.role ?? null,
  };
}

/** The primary value, else the work one, else the first. */
function pick(list: z.infer<typeof multiValue> | null | undefined): string | undefined {
  if (!list || list.length === 0) return undefined;
  const chosen = list.find((e) => e.primary) ?? list.find((e) => e.type === 'work') ?? list[0];
  return chosen?.value ?? undefined;
}

function prune(o: Record<string, string | null>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(o).filter((e): e is [string, string] => e[1] !== null && e[1] !== ''),
  );
}

/** Okta's user id as the body carries it (RFC 7643 §3.1), when it is a usable string. */
export function externalIdOf(body: unknown): string | undefined {
  const v = (body as { externalId?: unknown } | null)?.externalId;
  return typeof v === 'string' && v.trim() !== '' && v.length <= 255 ? v : undefined;
}

import type { Prng } from '../prng.js';
import { buildPermission, buildUser, type UserInit } from '../store/factories.js';
import { addPermission, addTeamMember, addUser, type Store } from '../store/store.js';
import type { SandboxCredentials } from '../types/public.js';
import type { ProjectRecord, UserRecord, WorkspaceRecord } from '../types/records.js';
import type { SeedConfig } from './config.js';
import { DROPDOWNS, emailLocalPart, FIRST_NAMES, LAST_NAMES, MIDDLE_INITIALS } from './names.js';
import { DAY_MS, SEED_EPOCH, type SeededOrg } from './org.js';

interface Grant {
  workspaces: Array<[WorkspaceRecord, 'Admin' | 'User']>;
  projects: Array<[ProjectRecord, 'Viewer' | 'Editor' | 'Admin', boolean]>;
}

function place(store: Store, init: UserInit, grant: Grant): UserRecord {
  const firstWorkspace = grant.workspaces[0]?.[0];
  const firstProject = grant.projects.find(([p]) => p.workspace === firstWorkspace?.oid)?.[0];
  const [user, profile] = buildUser(store, init, {
    workspace: firstWorkspace?.oid ?? null,
    project: firstProject?.oid ?? null,
  });
  addUser(store, user, profile);
  for (const [ws, role] of grant.workspaces) {
    addPermission(store, buildPermission(store, 'workspace', user.oid, ws.oid, role, init.created));
  }
  for (const [project, role, team] of grant.projects) {
    addPermission(store, buildPermission(store, 'project', user.oid, project.oid, role, init.created));
    if (team) addTeamMember(user, project);
  }
  return user;
}

function account(credentials: SandboxCredentials, lastName: string, days: number): UserInit {
  return {
    UserName: credentials.username,
    EmailAddress: credentials.username,
    FirstName: 'Sandbox',
    LastName: lastName,
    DisplayName: `Sandbox ${lastName}`,
    password: credentials.password,
    apiKey: credentials.apiKey,
    created: SEED_EPOCH + days * DAY_MS,
  };
}

/** The fixed accounts: a Subscription Admin, a plain viewer and a Workspace Admin of Engineering. */
export function seedAccounts(store: Store, config: SeedConfig, org: SeededOrg): UserRecord {
  const platform = org.byName.get('Platform')!;
  const api = org.byName.get('Platform - API')!;
  const admin = place(
    store,
    { ...account(config.admin, 'Admin', 0), SubscriptionPermission: 'Subscription Admin', Role: 'Executive' },
    {
      workspaces: [
        [org.engineering, 'Admin'],
        [org.operations, 'Admin'],
      ],
      projects: [[platform, 'Admin', true]],
    },
  );
  place(store, account(config.viewer, 'Viewer', 20), {
    workspaces: [[org.engineering, 'User']],
    projects: [
      [platform, 'Viewer', false],
      [api, 'Viewer', false],
    ],
  });
  place(store, account(config.workspaceAdmin, 'Workspace Admin', 21), {
    workspaces: [[org.engineering, 'Admin']],
    projects: [[platform, 'Editor', true]],
  });
  return admin;
}

function grantFor(prng: Prng, org: SeededOrg): Grant {
  const grant: Grant = { workspaces: [], projects: [] };
  const inEngineering = prng.chance(0.75);
  const inOperations = prng.chance(0.4) || !inEngineering;
  for (const [ws, member] of [
    [org.engineering, inEngineering],
    [org.operations, inOperations],
  ] as const) {
    if (!member) continue;
    grant.workspaces.push([ws, prng.chance(0.01) ? 'Admin' : 'User']);
    const open = org.openProjects.get(ws.oid)!;
    const first = prng.int(open.length);
    const picks = prng.chance(0.5) ? [first, (first + 1 + prng.int(open.length - 1)) % open.length] : [first];
    for (const index of picks) {
      const roll = prng.next();
      const role = roll < 0.3 ? 'Viewer' : roll < 0.9 ? 'Editor' : 'Admin';
      grant.projects.push([open[index]!, role, role !== 'Viewer' && prng.chance(0.5)]);
    }
  }
  return grant;
}

/**
 * Generated people: ~10% disabled, accents and apostrophes in names, and (for import resilience) up to
 * two legacy users without an EmailAddress.
 */
export function seedPeople(store: Store, count: number, prng: Prng, org: SeededOrg): void {
  const taken = new Map<string, number>();
  const localParts = new Map<string, string>();
  const local = (name: string): string => {
    let part = localParts.get(name);
    if (part === undefined) localParts.set(name, (part = emailLocalPart(name)));
    return part;
  };
  const missingEmail = new Set([Math.floor(count / 3), Math.floor((2 * count) / 3) + 1]);
  const span = 3000 * DAY_MS;
  for (let i = 0; i < count; i++) {
    const first = prng.pick(FIRST_NAMES);
    const last = prng.pick(LAST_NAMES);
    const base = `${local(first)}.${local(last)}`;
    const seen = taken.get(base) ?? 0;
    taken.set(base, seen + 1);
    const userName = `${seen === 0 ? base : `${base}${seen + 1}`}@acme.example`;
    const created = SEED_EPOCH + 30 * DAY_MS + Math.floor((i * span) / Math.max(count, 1));
    const dropdown = (field: keyof typeof DROPDOWNS) =>
      prng.chance(0.1) ? 'None' : DROPDOWNS[field][1 + prng.int(DROPDOWNS[field].length - 1)]!;
    const init: UserInit = {
      UserName: userName,
      EmailAddress: missingEmail.has(i) ? null : prng.chance(0.05) ? `${base}@mail.acme.example` : userName,
      FirstName: first,
      MiddleName: prng.chance(0.15) ? prng.pick(MIDDLE_INITIALS) : null,
      LastName: last,
      DisplayName: prng.chance(0.8) ? `${first} ${last}` : null,
      Disabled: prng.chance(0.1),
      Department: dropdown('Department'),
      CostCenter: dropdown('CostCenter'),
      OfficeLocation: dropdown('OfficeLocation'),
      Role: dropdown('Role'),
      Phone: prng.chance(0.6) ? `+1 303 555 ${String(1000 + prng.int(9000))}` : null,
      NetworkID: prng.chance(0.3) ? `ACME\\${base}` : null,
      LastLoginDate: prng.chance(0.85) ? created + prng.int(400) * DAY_MS : null,
      LastPasswordUpdateDate: created + prng.int(30) * DAY_MS,
      created,
    };
    place(store, init, grantFor(prng, org));
  }
}

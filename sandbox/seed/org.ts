import type { Store } from '../store/store.js';
import type { ProjectRecord, WorkspaceRecord } from '../types/records.js';

/** Seeded timestamps are fixed (not "now") so the same seed always yields the same data. */
export const SEED_EPOCH = Date.UTC(2016, 0, 4, 15, 30);
export const DAY_MS = 86_400_000;

export interface SeededOrg {
  readonly engineering: WorkspaceRecord;
  readonly operations: WorkspaceRecord;
  /** Open projects per workspace, for generated permissions. */
  readonly openProjects: ReadonlyMap<number, readonly ProjectRecord[]>;
  readonly byName: ReadonlyMap<string, ProjectRecord>;
}

const PROJECTS: ReadonlyArray<{
  name: string;
  workspace: 'engineering' | 'operations';
  parent?: string;
  closed?: true;
}> = [
  { name: 'Platform', workspace: 'engineering' },
  { name: 'Platform - API', workspace: 'engineering', parent: 'Platform' },
  { name: 'Platform - Web', workspace: 'engineering', parent: 'Platform' },
  { name: 'Mobile', workspace: 'engineering' },
  { name: 'Mobile - iOS', workspace: 'engineering', parent: 'Mobile' },
  { name: 'Legacy Migration', workspace: 'engineering', closed: true },
  { name: 'IT Operations', workspace: 'operations' },
  { name: 'Service Desk', workspace: 'operations', parent: 'IT Operations' },
  { name: 'Security', workspace: 'operations' },
];

function workspace(store: Store, name: string, description: string, created: number): WorkspaceRecord {
  const record: WorkspaceRecord = {
    oid: store.oids.next(),
    version: 0,
    created,
    Name: name,
    Description: description,
    State: 'Open',
    owner: 0,
  };
  store.workspaces.set(record.oid, record);
  return record;
}

/** Two workspaces and nine projects, some nested, one closed. Owners are set once the admin exists. */
export function seedOrg(store: Store): SeededOrg {
  const engineering = workspace(store, 'Acme Engineering', 'Product development teams', SEED_EPOCH + DAY_MS);
  const operations = workspace(
    store,
    'Acme Operations',
    'IT operations and security',
    SEED_EPOCH + 2 * DAY_MS,
  );
  const byName = new Map<string, ProjectRecord>();
  PROJECTS.forEach((p, index) => {
    const ws = p.workspace === 'engineering' ? engineering : operations;
    const project: ProjectRecord = {
      oid: store.oids.next(),
      version: 0,
      created: SEED_EPOCH + (3 + index) * DAY_MS,
      Name: p.name,
      Description: `${p.name} team`,
      State: p.closed ? 'Closed' : 'Open',
      workspace: ws.oid,
      parent: p.parent ? byName.get(p.parent)!.oid : null,
      owner: 0,
      members: new Set(),
    };
    store.projects.set(project.oid, project);
    byName.set(p.name, project);
  });
  const open = (ws: WorkspaceRecord) =>
    [...byName.values()].filter((p) => p.workspace === ws.oid && p.State === 'Open');
  const openProjects = new Map([
    [engineering.oid, open(engineering)],
    [operations.oid, open(operations)],
  ]);
  return { engineering, operations, openProjects, byName };
}

import type { ProjectRecord, SubscriptionRecord, WorkspaceRecord } from '../types/records.js';
import { collectionField, refField, scalarField } from './field.js';
import { byOid, defineModel, type TypeModel } from './model.js';

export function createSubscriptionModel(): TypeModel<SubscriptionRecord> {
  return defineModel<SubscriptionRecord>({
    name: 'Subscription',
    nameOf: (r) => r.Name,
    all: (s) => [s.subscription],
    find: (s, id) => (id === String(s.subscription.oid) ? s.subscription : undefined),
    fields: [
      scalarField<SubscriptionRecord>('Name', 'string', (r) => r.Name, { required: true }),
      scalarField<SubscriptionRecord>('State', 'string', (r) => r.State, { readOnly: true }),
      scalarField<SubscriptionRecord>('SubscriptionID', 'number', (r) => r.SubscriptionID, {
        readOnly: true,
      }),
      scalarField<SubscriptionRecord>('SubscriptionType', 'string', (r) => r.SubscriptionType, {
        readOnly: true,
      }),
      scalarField<SubscriptionRecord>(
        'WorkspaceAdminsCanManageUsers',
        'boolean',
        (r) => r.WorkspaceAdminsCanManageUsers,
      ),
      collectionField<SubscriptionRecord>('Workspaces', 'Workspace', (_r, s) => [...s.workspaces.values()]),
    ],
  });
}

export function createWorkspaceModel(): TypeModel<WorkspaceRecord> {
  return defineModel<WorkspaceRecord>({
    name: 'Workspace',
    nameOf: (r) => r.Name,
    all: (s) => [...s.workspaces.values()],
    find: (s, id) => byOid(s.workspaces, id),
    fields: [
      scalarField<WorkspaceRecord>('Description', 'string', (r) => r.Description),
      scalarField<WorkspaceRecord>('Name', 'string', (r) => r.Name, { required: true }),
      refField<WorkspaceRecord>('Owner', 'User', (r, s) => s.usersByOid.get(r.owner)),
      collectionField<WorkspaceRecord>('Projects', 'Project', (r, s) =>
        [...s.projects.values()].filter((p) => p.workspace === r.oid),
      ),
      scalarField<WorkspaceRecord>('State', 'string', (r) => r.State),
      refField<WorkspaceRecord>('Subscription', 'Subscription', (_r, s) => s.subscription, {
        readOnly: true,
      }),
    ],
  });
}

export function createProjectModel(): TypeModel<ProjectRecord> {
  return defineModel<ProjectRecord>({
    name: 'Project',
    nameOf: (r) => r.Name,
    all: (s) => [...s.projects.values()],
    find: (s, id) => byOid(s.projects, id),
    fields: [
      collectionField<ProjectRecord>('Children', 'Project', (r, s) =>
        [...s.projects.values()].filter((p) => p.parent === r.oid),
      ),
      scalarField<ProjectRecord>('Description', 'string', (r) => r.Description),
      scalarField<ProjectRecord>('Name', 'string', (r) => r.Name, { required: true }),
      refField<ProjectRecord>('Owner', 'User', (r, s) => s.usersByOid.get(r.owner)),
      refField<ProjectRecord>('Parent', 'Project', (r, s) =>
        r.parent === null ? undefined : s.projects.get(r.parent),
      ),
      scalarField<ProjectRecord>('State', 'string', (r) => r.State),
      collectionField<ProjectRecord>('TeamMembers', 'User', (r, s) =>
        [...r.members].flatMap((oid) => s.usersByOid.get(oid) ?? []).sort((a, b) => a.oid - b.oid),
      ),
      refField<ProjectRecord>('Workspace', 'Workspace', (r, s) => s.workspaces.get(r.workspace), {
        readOnly: true,
      }),
    ],
  });
}

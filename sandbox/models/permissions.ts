import type { Store } from '../store/store.js';
import type { PermissionRecord } from '../types/records.js';
import { refField, scalarField } from './field.js';
import { defineModel, type TypeModel } from './model.js';

function targetName(record: PermissionRecord, store: Store): string {
  const target =
    record.kind === 'workspace' ? store.workspaces.get(record.target) : store.projects.get(record.target);
  return target?.Name ?? '';
}

const common = [
  scalarField<PermissionRecord>('Name', 'string', (r, s) => `${targetName(r, s)} ${r.Role}`, {
    readOnly: true,
  }),
  scalarField<PermissionRecord>('Role', 'string', (r) => r.Role, { required: true, constrained: true }),
  refField<PermissionRecord>('User', 'User', (r, s) => s.usersByOid.get(r.user), { required: true }),
];

export function createWorkspacePermissionModel(): TypeModel<PermissionRecord> {
  return defineModel<PermissionRecord>({
    name: 'WorkspacePermission',
    numericId: false,
    idOf: (r) => r.id,
    nameOf: (r, s) => `${targetName(r, s)} ${r.Role}`,
    all: (s) => [...s.workspacePermissions.values()],
    find: (s, id) => s.workspacePermissions.get(id),
    fields: [
      ...common,
      refField<PermissionRecord>('Workspace', 'Workspace', (r, s) => s.workspaces.get(r.target), {
        required: true,
      }),
    ],
  });
}

export function createProjectPermissionModel(): TypeModel<PermissionRecord> {
  return defineModel<PermissionRecord>({
    name: 'ProjectPermission',
    numericId: false,
    idOf: (r) => r.id,
    nameOf: (r, s) => `${targetName(r, s)} ${r.Role}`,
    all: (s) => [...s.projectPermissions.values()],
    find: (s, id) => s.projectPermissions.get(id),
    fields: [
      ...common,
      refField<PermissionRecord>('Project', 'Project', (r, s) => s.projects.get(r.target), {
        required: true,
      }),
    ],
  });
}

/** The abstract type of `User.UserPermissions`; each item serialises as its concrete permission type. */
export function createUserPermissionModel(
  workspace: TypeModel<PermissionRecord>,
  project: TypeModel<PermissionRecord>,
): TypeModel<PermissionRecord> {
  return defineModel<PermissionRecord>({
    name: 'UserPermission',
    numericId: false,
    idOf: (r) => r.id,
    nameOf: (r, s) => `${targetName(r, s)} ${r.Role}`,
    all: (s) => [...s.workspacePermissions.values(), ...s.projectPermissions.values()],
    find: (s, id) => s.workspacePermissions.get(id) ?? s.projectPermissions.get(id),
    fields: common,
    concrete: (r) => (r.kind === 'workspace' ? workspace : project),
  });
}

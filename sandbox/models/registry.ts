import type {
  AllowedValueRecord,
  AttrDefRecord,
  PermissionRecord,
  ProjectRecord,
  SubscriptionRecord,
  TypeDefRecord,
  TypeName,
  UserProfileRecord,
  UserRecord,
  WorkspaceRecord,
} from '../types/records.js';
import type { TypeModel } from './model.js';
import { createProjectModel, createSubscriptionModel, createWorkspaceModel } from './org.js';
import {
  createProjectPermissionModel,
  createUserPermissionModel,
  createWorkspacePermissionModel,
} from './permissions.js';
import {
  createAllowedValueModel,
  createAttributeDefinitionModel,
  createTypeDefinitionModel,
} from './typedefs.js';
import { createUserProfileModel } from './user-profile.js';
import { createUserModel } from './user.js';

export interface Models {
  readonly subscription: TypeModel<SubscriptionRecord>;
  readonly workspace: TypeModel<WorkspaceRecord>;
  readonly project: TypeModel<ProjectRecord>;
  readonly user: TypeModel<UserRecord>;
  readonly userProfile: TypeModel<UserProfileRecord>;
  readonly workspacePermission: TypeModel<PermissionRecord>;
  readonly projectPermission: TypeModel<PermissionRecord>;
  readonly userPermission: TypeModel<PermissionRecord>;
  readonly typeDefinition: TypeModel<TypeDefRecord>;
  readonly attributeDefinition: TypeModel<AttrDefRecord>;
  readonly allowedValue: TypeModel<AllowedValueRecord>;
  /** The types that get a TypeDefinition with AttributeDefinitions. */
  readonly described: readonly TypeModel[];
  byName(name: TypeName): TypeModel;
  /** Case-insensitive lookup of a path segment (reference: type names in paths are case-insensitive). */
  byPath(segment: string): TypeModel | undefined;
}

export function createModels(): Models {
  const workspacePermission = createWorkspacePermissionModel();
  const projectPermission = createProjectPermissionModel();
  const parts = {
    subscription: createSubscriptionModel(),
    workspace: createWorkspaceModel(),
    project: createProjectModel(),
    user: createUserModel(),
    userProfile: createUserProfileModel(),
    workspacePermission,
    projectPermission,
    userPermission: createUserPermissionModel(workspacePermission, projectPermission),
    typeDefinition: createTypeDefinitionModel(),
    attributeDefinition: createAttributeDefinitionModel(),
    allowedValue: createAllowedValueModel(),
  };
  const all: TypeModel[] = Object.values(parts);
  const byName = new Map(all.map((m) => [m.name, m]));
  const byPath = new Map(all.map((m) => [m.path, m]));
  return {
    ...parts,
    described: [
      parts.subscription,
      parts.workspace,
      parts.project,
      parts.user,
      parts.userProfile,
      workspacePermission,
      projectPermission,
    ],
    byName: (name) => byName.get(name)!,
    byPath: (segment) => byPath.get(segment.toLowerCase()),
  };
}

/**
 * Every error and warning string the sandbox puts in `Errors`/`Warnings`, in one place (docs/sandbox.md
 * lists them; a test keeps the two in step). Strings quoted in the reference are reproduced exactly;
 * the others are documented choices.
 */
export const MESSAGES = {
  invalidKey: () => 'Not authorized to perform action: Invalid key',
  cannotRead: () => 'Cannot find object to read',
  cannotUpdate: () => 'Cannot find object to update',
  cannotDelete: () => 'Object to delete cannot be null',
  ignoredElement: (type: string, attribute: string) =>
    `Ignored JSON element ${type}.${attribute} during processing of this request.`,
  couldNotParse: (detail: string) => `Could not parse: ${detail}`,
  required: (type: string, attribute: string) => `Validation error: ${type}.${attribute} should not be null`,
  userNameConflict: (userName: string) => `Validation error: User.UserName conflicts with ${userName} `,
  notEmail: (type: string, attribute: string) =>
    `Validation error: ${type}.${attribute} must be a valid email address`,
  notAllowedValue: (type: string, attribute: string, value: string) =>
    `Validation error: ${type}.${attribute} has an invalid value ${JSON.stringify(value)}`,
  cannotConvert: (type: string, attribute: string, value: unknown) =>
    `Could not convert: ${JSON.stringify(value)} is not a valid value for ${type}.${attribute}`,
  badReference: (type: string, attribute: string, value: unknown) =>
    `Validation error: ${type}.${attribute} refers to an object that cannot be found: ${JSON.stringify(value)}`,
  forbidden: (action: string, what: string) =>
    `Not authorized to perform action: Insufficient permissions to ${action} ${what}`,
  lastWorkspacePermission: (userName: string) =>
    `Cannot remove the only WorkspacePermission of User ${userName}: a user must keep access to one workspace`,
  projectOutsideWorkspace: () =>
    'Validation error: UserProfile.DefaultProject must belong to UserProfile.DefaultWorkspace',
  unknownType: (type: string) => `Not able to parse the requested type: ${type}`,
  unknownCollection: (type: string, collection: string) =>
    `Not able to parse the requested collection: ${type}.${collection}`,
  badCollectionItem: (value: unknown) => `Cannot find collection item: ${JSON.stringify(value)}`,
  unsupported: (operation: string, type: string) =>
    `Operation not supported by the sandbox: ${operation} ${type}`,
  badJson: (detail: string) =>
    `Cannot parse input stream due to I/O error as JSON document: Parse error: ${detail}`,
  bodyShape: (type: string) =>
    `Cannot parse input stream as JSON document: expected an object of the form {"${type}": {...}}`,
  bodyTooLarge: () => 'Cannot parse input stream: the request body exceeds 1mb',
  invalidParameter: (name: string, value: string) =>
    `Invalid value for the ${name} parameter: ${JSON.stringify(value)}. It must be a positive integer`,
  pageSizeClamped: (max: number) => `The pagesize parameter is limited to ${max}; ${max} was used`,
  unknownWorkspace: (value: string) => `Workspace ${value} cannot be found or is not accessible`,
  unknownRoute: (method: string, path: string) => `Unsupported request: ${method} ${path}`,
  internal: () => 'An unexpected error occurred in the Rally sandbox',
} as const;

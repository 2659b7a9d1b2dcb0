/** SCIM URNs and the discovery documents (RFC 7643 §5–§7, RFC 7644 §4). */
export const URN = {
  user: 'urn:ietf:params:scim:schemas:core:2.0:User',
  group: 'urn:ietf:params:scim:schemas:core:2.0:Group',
  enterprise: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User',
  rally: 'urn:rally-okta-connector:params:scim:schemas:extension:rally:2.0:User',
  list: 'urn:ietf:params:scim:api:messages:2.0:ListResponse',
  error: 'urn:ietf:params:scim:api:messages:2.0:Error',
  patch: 'urn:ietf:params:scim:api:messages:2.0:PatchOp',
  spc: 'urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig',
  resourceType: 'urn:ietf:params:scim:schemas:core:2.0:ResourceType',
  schema: 'urn:ietf:params:scim:schemas:core:2.0:Schema',
  /** Okta's Entitlement schema (docs/entitlements.md): Okta knows it, no extension needed. */
  entitlement: 'urn:okta:scim:schemas:core:1.0:Entitlement',
} as const;

/** The largest `count` one list request returns (ServiceProviderConfig filter.maxResults). */
export const MAX_COUNT = 1000;
export const DEFAULT_COUNT = 100;

type Attr = Record<string, unknown>;

const attr = (name: string, o: Partial<Attr> = {}): Attr => ({
  name,
  type: 'string',
  multiValued: false,
  required: false,
  caseExact: false,
  mutability: 'readWrite',
  returned: 'default',
  uniqueness: 'none',
  ...o,
});

const multi = (name: string, description: string): Attr =>
  attr(name, {
    type: 'complex',
    multiValued: true,
    description,
    subAttributes: [
      attr('value'),
      attr('type', { canonicalValues: ['work'] }),
      attr('primary', { type: 'boolean' }),
    ],
  });

export function serviceProviderConfig(baseUrl: string): Attr {
  return {
    schemas: [URN.spc],
    documentationUri:
      'https://github.com/rally-okta-connector/rally-okta-connector#scim-20-provisioning-from-okta',
    patch: { supported: true },
    bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
    filter: { supported: true, maxResults: MAX_COUNT },
    changePassword: { supported: false },
    sort: { supported: false },
    etag: { supported: false },
    authenticationSchemes: [
      {
        type: 'httpbasic',
        name: 'HTTP Basic',
        description: 'A Rally username and password (Subscription Admin).',
        primary: true,
      },
      {
        type: 'oauthbearertoken',
        name: 'Rally API key',
        description: 'A Rally API key as a Bearer token, or bare in Authorization.',
      },
    ],
    meta: { resourceType: 'ServiceProviderConfig', location: `${baseUrl}/ServiceProviderConfig` },
  };
}

export function resourceTypes(baseUrl: string): Attr[] {
  return [
    {
      schemas: [URN.resourceType],
      id: 'User',
      name: 'User',
      endpoint: '/Users',
      description: 'A Rally user',
      schema: URN.user,
      schemaExtensions: [
        { schema: URN.enterprise, required: false },
        { schema: URN.rally, required: false },
      ],
      meta: { resourceType: 'ResourceType', location: `${baseUrl}/ResourceTypes/User` },
    },
    {
      schemas: [URN.resourceType],
      id: 'Group',
      name: 'Group',
      endpoint: '/Groups',
      description: 'A Rally project; members hold a project permission',
      schema: URN.group,
      meta: { resourceType: 'ResourceType', location: `${baseUrl}/ResourceTypes/Group` },
    },
    entitlementType(
      baseUrl,
      'ProjectRole',
      '/ProjectRoles',
      'A role (Viewer, Editor, Project Admin) on a Rally project',
    ),
    entitlementType(baseUrl, 'WorkspaceRole', '/WorkspaceRoles', 'A role (User, Admin) on a Rally workspace'),
  ];
}

/** Okta reads entitlement values from the endpoint of each ResourceType with its Entitlement URN. */
function entitlementType(baseUrl: string, id: string, endpoint: string, description: string): Attr {
  return {
    schemas: [URN.resourceType],
    id,
    name: id,
    endpoint,
    description,
    schema: URN.entitlement,
    meta: { resourceType: 'ResourceType', location: `${baseUrl}/ResourceTypes/${id}` },
  };
}

export function schemaDefinitions(baseUrl: string): Attr[] {
  const def = (id: string, name: string, description: string, attributes: Attr[]) => ({
    schemas: [URN.schema],
    id,
    name,
    description,
    attributes,
    meta: { resourceType: 'Schema', location: `${baseUrl}/Schemas/${id}` },
  });
  return [
    def(URN.user, 'User', 'Rally user', [
      attr('userName', { required: true, uniqueness: 'server', description: 'Rally UserName; email format' }),
      attr('name', {
        type: 'complex',
        subAttributes: [attr('givenName'), attr('familyName'), attr('middleName'), attr('formatted')],
      }),
      attr('displayName'),
      attr('active', { type: 'boolean', description: 'false = Rally Disabled' }),
      multi('emails', 'The primary work email is Rally EmailAddress'),
      multi('phoneNumbers', 'The first phone number is Rally Phone'),
      attr('entitlements', {
        type: 'complex',
        multiValued: true,
        description:
          'Rally project and workspace roles the user holds; value is an id from /ProjectRoles or /WorkspaceRoles',
        subAttributes: [
          attr('value', { caseExact: true }),
          attr('display', { mutability: 'readOnly' }),
          attr('type', { canonicalValues: ['ProjectRole', 'WorkspaceRole'] }),
        ],
      }),
    ]),
    def(URN.enterprise, 'EnterpriseUser', 'Enterprise user extension', [
      attr('department', { description: "Rally Department (one of the subscription's allowed values)" }),
      attr('costCenter', { description: "Rally CostCenter (one of the subscription's allowed values)" }),
    ]),
    def(URN.rally, 'RallyUser', 'Rally-only user fields', [
      attr('networkId', { description: 'Rally NetworkID' }),
      attr('officeLocation', {
        description: "Rally OfficeLocation (one of the subscription's allowed values)",
      }),
      attr('role', { description: "Rally Role (one of the subscription's allowed values)" }),
      attr('subscriptionAdmin', {
        type: 'boolean',
        mutability: 'readOnly',
        description: 'Rally SubscriptionAdmin',
      }),
    ]),
    def(URN.entitlement, 'Entitlement', 'A grantable Rally role on a project or workspace', [
      attr('id', { mutability: 'readOnly', caseExact: true, uniqueness: 'server' }),
      attr('displayName', { mutability: 'readOnly', required: true }),
      attr('type', {
        mutability: 'readOnly',
        required: true,
        canonicalValues: ['ProjectRole', 'WorkspaceRole'],
      }),
      attr('description', { mutability: 'readOnly' }),
    ]),
    def(URN.group, 'Group', 'Rally project', [
      attr('displayName', { required: true, mutability: 'immutable', description: 'Rally project name' }),
      attr('members', {
        type: 'complex',
        multiValued: true,
        subAttributes: [
          attr('value', { mutability: 'immutable' }),
          attr('display', { mutability: 'readOnly' }),
        ],
      }),
    ]),
  ];
}

import { endpointCard } from './card.js';

export const listEntitlements = endpointCard('listEntitlements', {
  key: 'list-entitlements',
  name: 'List Entitlements',
  description:
    'Lists every grantable Rally role: Viewer, Editor and Project Admin of each project, User and Admin of each workspace, with stable ids such as `project:456:Editor` (the values Okta Identity Governance sees through SCIM). Use it for access-request and review flows; grant with Add Group Member.',
  steps: [
    'Inputs: type (ProjectRole or WorkspaceRole, optional), limit, cursor.',
    'Call `httpHelper` with relative_url `/entitlements`, request_method `GET`, query {type, limit, cursor}.',
    'Output `entitlements` and `nextCursor`; loop with a Paginate card while nextCursor is not null.',
  ],
  example: { query: { type: 'ProjectRole', limit: '5' } },
});

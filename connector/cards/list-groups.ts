import { endpointCard } from './card.js';

export const listGroups = endpointCard('listGroups', {
  key: 'list-groups',
  name: 'List Groups',
  description:
    'Lists Rally workspaces and projects, which are the groups users are added to. Ids look like `workspace:123` and `project:456`.',
  steps: [
    'Inputs: type (workspace or project, optional), limit, cursor.',
    'Call `httpHelper` with relative_url `/groups`, request_method `GET`, query {type, limit, cursor}.',
    'Output `groups` and `nextCursor`; loop with a Paginate card while nextCursor is not null.',
  ],
  sets: { variable: 'PROJECT_ID', from: 'groups.0.id' },
  example: { query: { type: 'project', limit: '5' } },
});

import { endpointCard } from './card.js';

export const listGroupMembers = endpointCard('listMembers', {
  key: 'list-group-members',
  name: 'List Group Members',
  description: 'Lists the users who hold a permission on a workspace or project, with their role.',
  steps: [
    'Inputs: `id` (a group id from List Groups), limit, cursor.',
    'Call `httpHelper` with relative_url `/groups/{id}/members` (Compose), request_method `GET`.',
    'Output `members` and `nextCursor`.',
  ],
  example: { path: { id: '$PROJECT_ID' } },
});

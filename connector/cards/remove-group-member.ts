import { endpointCard } from './card.js';

export const removeGroupMember = endpointCard('removeMember', {
  key: 'remove-group-member',
  name: 'Remove Group Member',
  description:
    'Revokes the user’s access to the project or workspace (removing a workspace also removes its projects). Succeeds when the user had no access.',
  steps: [
    'Inputs: `id` (group id), `userId`.',
    'Call `httpHelper` with relative_url `/groups/{id}/members/{userId}` (Compose), request_method `DELETE`.',
    'Status code 204 is success (no body); otherwise Return Error.',
  ],
  example: { path: { id: '$PROJECT_ID', userId: '$USER_ID' } },
});

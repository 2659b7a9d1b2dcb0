import { endpointCard } from './card.js';

export const addGroupMember = endpointCard('addMember', {
  key: 'add-group-member',
  name: 'Add Group Member',
  description:
    'Gives a user access to a project (Viewer, Editor or Project Admin) or a workspace (User or Admin). Running it again with another role changes the role; with the same role it changes nothing.',
  steps: [
    'Inputs: `id` (group id), `userId`, `role` (a static dropdown: Viewer, Editor, Project Admin, User, Admin).',
    'Call `httpHelper` with relative_url `/groups/{id}/members/{userId}` (Compose), request_method `PUT`, body {role}.',
    'If status_code is 200 output the body fields; otherwise Return Error (400 names the roles allowed for that group type).',
  ],
  example: { path: { id: '$PROJECT_ID', userId: '$USER_ID' }, body: { role: 'Editor' } },
});

import { endpointCard } from './card.js';

export const deactivateUser = endpointCard('updateUser', {
  key: 'deactivate-user',
  name: 'Deactivate User',
  description:
    'Deactivates the user in Rally (Disabled): the user can no longer sign in and frees the licence. Nothing else changes; Reactivate User undoes it.',
  inputsFrom: ['path'],
  fixedBody: { active: false },
  steps: [
    'Input: `id`.',
    'Call `httpHelper` with relative_url `/users/{id}` (Compose), request_method `PATCH`, body `{"active": false}`.',
    'If status_code is 200 output the body fields (`active` is now false); otherwise Return Error.',
  ],
  example: { path: { id: '$USER_ID' }, body: { active: false } },
});

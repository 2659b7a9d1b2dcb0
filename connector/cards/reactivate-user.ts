import { endpointCard } from './card.js';

export const reactivateUser = endpointCard('updateUser', {
  key: 'reactivate-user',
  name: 'Reactivate User',
  description: 'Reactivates a deactivated Rally user. Nothing else changes.',
  inputsFrom: ['path'],
  fixedBody: { active: true },
  steps: [
    'Input: `id`.',
    'Call `httpHelper` with relative_url `/users/{id}` (Compose), request_method `PATCH`, body `{"active": true}`.',
    'If status_code is 200 output the body fields (`active` is now true); otherwise Return Error.',
  ],
  example: { path: { id: '$USER_ID' }, body: { active: true } },
});
